using VxMesh.Core.Model;
using VxMesh.Core.Planning;
using VxMesh.Core.Rendering;
using VxMesh.Core.Tests.Support;

namespace VxMesh.Core.Tests.Rendering;

/// <summary>What the script states about the underlay: the device when known (else it finds it) and the MTU only when known.</summary>
public class ShellUnderlayAndMtuTests
{
    private static Inventory NoUnderlayDev() =>
        MeshBuilder.WithVtepCidr("179.17.1.0/24")
            .Cluster("a", "10.1.0.0/16", "10.101.0.0/16", c => c.Node("a1", "192.168.0.11", ["10.1.1.0/24"]))
            .Cluster("b", "10.2.0.0/16", "10.102.0.0/16", c => c.Node("b1", "192.168.0.21", ["10.2.1.0/24"]))
            .Build();

    [Fact]
    public void Render_NoUnderlayDev_DiscoversTheDeviceHoldingTheNodeAddress()
    {
        var script = ShellRenderer.Render(Planner.Plan(NoUnderlayDev(), "a1"), "t.yaml");

        Assert.Contains("UNDERLAY_DEV=$(ip -o addr show to 192.168.0.11 | awk '{print $2; exit}')", script);
        Assert.Contains("[ -n \"$UNDERLAY_DEV\" ] || {", script);
        Assert.Contains("local 192.168.0.11 dev \"$UNDERLAY_DEV\" nolearning", script);
    }

    [Fact]
    public void Render_UnderlayDevKnown_NoDiscovery()
    {
        var fromInventory = ShellRenderer.Render(Planner.Plan(ArticleMesh.Build(), "multicluster-test-001"), "t.yaml");
        var fromFacts = ShellRenderer.Render(Planner.Plan(NoUnderlayDev(), "a1", new NodeFacts("ens3", null)), "t.yaml");

        Assert.DoesNotContain("UNDERLAY_DEV", fromInventory);
        Assert.DoesNotContain("UNDERLAY_DEV", fromFacts);
        Assert.Contains("local 192.168.0.11 dev ens3 nolearning", fromFacts);
    }

    [Fact]
    public void Render_UnderlayMtuAssumed_StatesNoMtu()
    {
        var script = ShellRenderer.Render(Planner.Plan(ArticleMesh.Build(), "multicluster-test-001"), "t.yaml");

        Assert.Contains("ip link set dev vxlan-test address c2:6a:9b:e5:39:8d\n", script);
        Assert.DoesNotContain(script.Split('\n'), l => l.Contains(" mtu ", StringComparison.Ordinal) || l.EndsWith(" mtu", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_UnderlayMtuObserved_SetsDerivedMtu()
    {
        var script = ShellRenderer.Render(Planner.Plan(ArticleMesh.Build(), "multicluster-test-001", new NodeFacts("eth0", 9000)), "t.yaml");

        Assert.Contains("ip link set dev vxlan-test address c2:6a:9b:e5:39:8d mtu 8950\n", script);
    }

    [Fact]
    public void Render_MeshMtuConfigured_SetsItWithoutFacts()
    {
        var inventory = ArticleMesh.Builder().Mesh(m => m with { Mtu = 1400 }).Build();

        var script = ShellRenderer.Render(Planner.Plan(inventory, "multicluster-test-001"), "t.yaml");

        Assert.Contains("ip link set dev vxlan-test address c2:6a:9b:e5:39:8d mtu 1400\n", script);
    }
}
