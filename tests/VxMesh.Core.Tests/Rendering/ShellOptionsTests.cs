using VxMesh.Core.Planning;
using VxMesh.Core.Rendering;
using VxMesh.Core.Tests.Support;

namespace VxMesh.Core.Tests.Rendering;

/// <summary>Mesh options that change the script: onlink routes and the tx-checksum workaround.</summary>
public class ShellOptionsTests
{
    [Fact]
    public void Render_OnlinkMesh_RoutesSayOnlinkAndAddressIsHostRoute()
    {
        var inventory = MeshBuilder.Onlink()
            .Cluster("a", "10.1.0.0/16", "10.101.0.0/16", c => c.Node("a1", "192.168.0.11", ["10.1.1.0/24"]))
            .Cluster("b", "10.2.0.0/16", "10.102.0.0/16", c => c.Node("b1", "192.168.0.21", ["10.2.1.0/24"]))
            .Build();

        var script = ShellRenderer.Render(Planner.Plan(inventory, "a1"), "t.yaml");

        Assert.Contains("ip route replace 10.2.1.0/24 via 10.2.1.0 dev vxmesh0 onlink proto 118\n", script);
        Assert.Contains("ip addr replace 10.1.1.0/32 dev vxmesh0\n", script);
    }

    [Fact]
    public void Render_TxChecksumOffloadOff_TurnsGenericChecksumOff()
    {
        var inventory = ArticleMesh.Builder().Mesh(m => m with { TxChecksumOffload = false }).Build();

        var script = ShellRenderer.Render(Planner.Plan(inventory, "multicluster-test-001"), "t.yaml");

        Assert.Contains("ethtool -K vxlan-test tx-checksum-ip-generic off\n", script);
    }

    [Fact]
    public void Render_TxChecksumOffloadDefault_NoEthtool()
    {
        var script = ShellRenderer.Render(Planner.Plan(ArticleMesh.Build(), "multicluster-test-001"), "t.yaml");

        Assert.DoesNotContain("ethtool", script);
    }
}
