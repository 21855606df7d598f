using System.Net;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;
using VxMesh.Core.Tests.Support;

namespace VxMesh.Core.Tests.Planning;

/// <summary>
/// Without mesh.vtepCidr (flannel's way) a node's VTEP address is its first block's network
/// address: held as a /32, answered for in peers' ARP tables, and routed to with `onlink`.
/// </summary>
public class OnlinkPlanTests
{
    private static Inventory Mesh() =>
        MeshBuilder.Onlink()
            .Cluster("a", "10.1.0.0/16", "10.101.0.0/16", c => c
                .Node("a1", "192.168.0.11", ["10.1.1.0/24", "10.1.9.0/24"])
                .Node("a2", "192.168.0.12", ["10.1.2.0/24"]))
            .Cluster("b", "10.2.0.0/16", "10.102.0.0/16", c => c
                .Node("b1", "192.168.0.21", ["10.2.1.0/24", "10.2.7.0/24"]))
            .Build();

    [Fact]
    public void Plan_Onlink_DeviceAddressIsFirstBlockNetworkAsHostRoute()
    {
        var plan = Planner.Plan(Mesh(), "a1");

        Assert.Equal(new InterfaceAddress(IPAddress.Parse("10.1.1.0"), 32), plan.Address);
    }

    [Fact]
    public void Plan_Onlink_RoutesGoViaPeersFirstBlockAddressOnlink()
    {
        var plan = Planner.Plan(Mesh(), "a1");

        Assert.Equal(
            ["10.2.1.0/24 via 10.2.1.0 dev vxmesh0 onlink", "10.2.7.0/24 via 10.2.1.0 dev vxmesh0 onlink"],
            plan.Routes.Select(r => r.ToString()));
        Assert.All(plan.Routes, r => Assert.True(r.Onlink));
    }

    [Fact]
    public void Plan_Onlink_ArpForEveryPeersFirstBlockAddress()
    {
        var inventory = Mesh();
        var b1 = inventory.FindNode("b1")!.Value.Node;
        var a2 = inventory.FindNode("a2")!.Value.Node;

        var plan = Planner.Plan(inventory, "a1");

        Assert.Equal(
            [new NeighborEntry(IPAddress.Parse("10.1.2.0"), a2.VtepMac), new NeighborEntry(IPAddress.Parse("10.2.1.0"), b1.VtepMac)],
            plan.Neighbors);
    }

    [Fact]
    public void Plan_Onlink_FdbPointsAtPeersUnderlay()
    {
        var inventory = Mesh();
        var b1 = inventory.FindNode("b1")!.Value.Node;

        var plan = Planner.Plan(inventory, "a1");

        Assert.Contains(new FdbEntry(b1.VtepMac, IPAddress.Parse("192.168.0.21")), plan.Fdb);
        Assert.Equal(2, plan.Fdb.Count);
    }

    [Fact]
    public void Plan_VtepCidrMode_RoutesAreNotOnlink()
    {
        var plan = Planner.Plan(ArticleMesh.Build(), "multicluster-test-003");

        Assert.NotEmpty(plan.Routes);
        Assert.All(plan.Routes, r => Assert.False(r.Onlink));
    }
}
