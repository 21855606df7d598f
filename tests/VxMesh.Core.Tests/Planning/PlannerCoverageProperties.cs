using System.Net;
using FsCheck.Xunit;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;
using VxMesh.Core.Tests.Support;

namespace VxMesh.Core.Tests.Planning;

/// <summary>Over generated meshes: what every node's plan must cover, and what it must leave out.</summary>
public class PlannerCoverageProperties
{
    [Property(Arbitrary = new[] { typeof(MeshArbitraries) })]
    public void Plan_AnyMesh_EveryRemoteBlockRoutedExactlyOnceViaItsOwner(MeshShape shape)
    {
        var inventory = shape.Build();
        foreach (var (cluster, node) in inventory.AllNodes)
        {
            var plan = Planner.Plan(inventory, node.Name);

            var expected = inventory.AllNodes
                .Where(p => p.Cluster.Name != cluster.Name)
                .SelectMany(p => p.Node.PodCidrs.Select(b => $"{b} via {Vtep(inventory, p.Node)} {p.Node.Name}"))
                .Order(StringComparer.Ordinal);
            Assert.Equal(expected, plan.Routes.Select(r => $"{r.Destination} via {r.Gateway} {r.Peer}").Order(StringComparer.Ordinal));
            Assert.All(plan.Routes, r => Assert.Equal(inventory.Mesh.Device, r.Device));
            Assert.All(plan.Routes, r => Assert.Equal(shape.Onlink, r.Onlink));
        }
    }

    [Property(Arbitrary = new[] { typeof(MeshArbitraries) })]
    public void Plan_AnyMesh_NoRouteIntoOwnCluster(MeshShape shape)
    {
        var inventory = shape.Build();
        foreach (var (cluster, node) in inventory.AllNodes)
        {
            var plan = Planner.Plan(inventory, node.Name);

            Assert.DoesNotContain(plan.Routes, r => cluster.PodCidrs.Any(c => c.Contains(r.Destination.BaseAddress)));
        }
    }

    [Property(Arbitrary = new[] { typeof(MeshArbitraries) })]
    public void Plan_AnyMesh_ArpEntryForEveryOtherNodeAndNoneForSelf(MeshShape shape)
    {
        var inventory = shape.Build();
        foreach (var (_, node) in inventory.AllNodes)
        {
            var plan = Planner.Plan(inventory, node.Name);

            var expected = inventory.AllNodes.Where(p => p.Node.Name != node.Name)
                .Select(p => new NeighborEntry(Vtep(inventory, p.Node), p.Node.VtepMac).ToString())
                .Order(StringComparer.Ordinal);
            Assert.Equal(expected, plan.Neighbors.Select(n => n.ToString()).Order(StringComparer.Ordinal));
            Assert.DoesNotContain(plan.Neighbors, n => n.Ip.Equals(Vtep(inventory, node)));
        }
    }

    [Property(Arbitrary = new[] { typeof(MeshArbitraries) })]
    public void Plan_AnyMesh_FdbEntryForEveryOtherNodeAndNoneForSelf(MeshShape shape)
    {
        var inventory = shape.Build();
        foreach (var (_, node) in inventory.AllNodes)
        {
            var plan = Planner.Plan(inventory, node.Name);

            var expected = inventory.AllNodes.Where(p => p.Node.Name != node.Name)
                .Select(p => new FdbEntry(p.Node.VtepMac, p.Node.Ip).ToString())
                .Order(StringComparer.Ordinal);
            Assert.Equal(expected, plan.Fdb.Select(f => f.ToString()).Order(StringComparer.Ordinal));
            Assert.DoesNotContain(plan.Fdb, f => f.Mac.Equals(node.VtepMac) || f.Destination.Equals(node.Ip));
        }
    }

    /// <summary>Stated independently of the planner: the VTEP IP, or in onlink mode the first block's network address.</summary>
    private static IPAddress Vtep(Inventory inventory, NodeSpec node) =>
        inventory.Mesh.VtepCidr is null ? node.PodCidrs[0].BaseAddress : node.VtepIp!;
}
