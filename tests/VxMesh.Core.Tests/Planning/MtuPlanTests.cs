using VxMesh.Core.Planning;
using VxMesh.Core.Tests.Support;

namespace VxMesh.Core.Tests.Planning;

/// <summary>Device MTU = underlay MTU − VXLAN overhead (50 over IPv4, 70 over IPv6), unless mesh.mtu says otherwise.</summary>
public class MtuPlanTests
{
    private const string Node = "multicluster-test-001";

    [Fact]
    public void Plan_NoFacts_Assumes1500AndGives1450()
    {
        var plan = Planner.Plan(ArticleMesh.Build(), Node);

        Assert.Equal(new MtuReport(1500, UnderlayMtuAssumed: true, 50, 1450, DeviceMtuConfigured: false, PodMtu: null), plan.Mtu);
        Assert.Equal(1450, plan.Device.Mtu);
    }

    [Fact]
    public void Plan_UnderlayMtu9000Observed_Gives8950()
    {
        var plan = Planner.Plan(ArticleMesh.Build(), Node, new NodeFacts("eth0", 9000));

        Assert.Equal(8950, plan.Device.Mtu);
        Assert.Equal(9000, plan.Mtu.UnderlayMtu);
        Assert.False(plan.Mtu.UnderlayMtuAssumed);
        Assert.False(plan.Mtu.DeviceMtuConfigured);
    }

    [Fact]
    public void Plan_Ipv6Underlay_Overhead70()
    {
        var inventory = MeshBuilder.WithVtepCidr("fd00:179::/64")
            .Cluster("a", "fd00:a::/48", "fd00:aa::/108", c => c.Node("a1", "2001:db8::11", ["fd00:a:0:1::/64"]))
            .Cluster("b", "fd00:b::/48", "fd00:bb::/108", c => c.Node("b1", "2001:db8::21", ["fd00:b:0:1::/64"]))
            .Build();

        var plan = Planner.Plan(inventory, "a1", new NodeFacts("eth0", 1500));

        Assert.Equal(70, plan.Mtu.Overhead);
        Assert.Equal(1430, plan.Device.Mtu);
    }

    [Fact]
    public void Plan_MeshMtuSet_OverridesUnderlay()
    {
        var inventory = ArticleMesh.Builder().Mesh(m => m with { Mtu = 1400 }).Build();

        var plan = Planner.Plan(inventory, Node, new NodeFacts("eth0", 9000));

        Assert.Equal(1400, plan.Device.Mtu);
        Assert.True(plan.Mtu.DeviceMtuConfigured);
        Assert.Equal(9000, plan.Mtu.UnderlayMtu);
    }

    [Fact]
    public void Plan_PodMtuAboveDeviceMtu_WarnsNamingTheCluster()
    {
        var inventory = MeshBuilder.WithVtepCidr("179.17.1.0/24")
            .Cluster("small", "10.1.0.0/16", "10.101.0.0/16", c => c.Node("s1", "192.168.0.11", ["10.1.1.0/24"]), podMtu: 1450)
            .Cluster("jumbo", "10.2.0.0/16", "10.102.0.0/16", c => c.Node("j1", "192.168.0.21", ["10.2.1.0/24"]), podMtu: 1500)
            .Build();

        var plan = Planner.Plan(inventory, "s1");

        var warning = Assert.Single(plan.Warnings);
        Assert.Contains("jumbo", warning);
        Assert.Contains("1500", warning);
        Assert.Contains("1450", warning);
        Assert.DoesNotContain("small", warning);
    }

    [Fact]
    public void Plan_PodMtuReported_FromOwnCluster()
    {
        var inventory = MeshBuilder.WithVtepCidr("179.17.1.0/24")
            .Cluster("a", "10.1.0.0/16", "10.101.0.0/16", c => c.Node("a1", "192.168.0.11", ["10.1.1.0/24"]), podMtu: 1400)
            .Cluster("b", "10.2.0.0/16", "10.102.0.0/16", c => c.Node("b1", "192.168.0.21", ["10.2.1.0/24"]))
            .Build();

        var plan = Planner.Plan(inventory, "a1");

        Assert.Equal(1400, plan.Mtu.PodMtu);
        Assert.Empty(plan.Warnings);
    }
}
