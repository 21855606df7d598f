using FsCheck.Xunit;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;
using VxMesh.Core.Tests.Support;

namespace VxMesh.Core.Tests.Planning;

/// <summary>Over generated meshes: every node's service groups and service routes (issue 9).</summary>
public class ServiceGroupProperties
{
    [Property(Arbitrary = new[] { typeof(MeshArbitraries) })]
    public void Plan_AnyMesh_MembersAreExactlyTheRemoteClustersNodes(MeshShape shape)
    {
        var inventory = shape.Build();
        foreach (var (cluster, node) in inventory.AllNodes)
        {
            var plan = Planner.Plan(inventory, node.Name);

            // MeshShape gives every cluster a service range, and no cluster exceeds the cap.
            var expected = inventory.Clusters.Where(c => c.Name != cluster.Name)
                .Select(c => $"{c.Name}: {string.Join(" ", c.Nodes.Select(n => n.Name).Order(StringComparer.Ordinal))}")
                .Order(StringComparer.Ordinal);
            Assert.Equal(expected, plan.Groups.Select(g => $"{g.Cluster}: {string.Join(" ", g.Members.Select(m => m.Peer).Order(StringComparer.Ordinal))}")
                .Order(StringComparer.Ordinal));
        }
    }

    [Property(Arbitrary = new[] { typeof(MeshArbitraries) })]
    public void Plan_AnyMesh_EveryRemoteServiceRangeThroughItsClustersGroupOwnNever(MeshShape shape)
    {
        var inventory = shape.Build();
        foreach (var (cluster, node) in inventory.AllNodes)
        {
            var plan = Planner.Plan(inventory, node.Name);
            var ids = plan.Groups.ToDictionary(g => g.Cluster, g => g.Id);

            var expected = inventory.Clusters.Where(c => c.Name != cluster.Name)
                .SelectMany(c => c.ServiceCidrs.Select(s => $"{s} nhid {ids[c.Name]}"))
                .Order(StringComparer.Ordinal);
            Assert.Equal(expected, plan.ServiceRoutes.Select(r => r.ToString()).Order(StringComparer.Ordinal));
            Assert.DoesNotContain(plan.ServiceRoutes, r => cluster.ServiceCidrs.Contains(r.Destination));
        }
    }

    [Property(Arbitrary = new[] { typeof(MeshArbitraries) })]
    public void Plan_AnyMesh_GroupsByIdMembersByGatewayRoutesByDestination(MeshShape shape)
    {
        var inventory = shape.Build();
        foreach (var (_, node) in inventory.AllNodes)
        {
            var plan = Planner.Plan(inventory, node.Name);

            Assert.Equal(plan.Groups.Select(g => g.Id).Order(), plan.Groups.Select(g => g.Id));
            Assert.All(plan.Groups, g => Assert.Equal(g.Members.OrderBy(m => AddressOrder.Key(m.Gateway)), g.Members));
            Assert.Equal(plan.ServiceRoutes.OrderBy(r => AddressOrder.Key(r.Destination)), plan.ServiceRoutes);
            Assert.All(plan.Groups, g => Assert.True(Ownership.IsGroupId(g.Id)));
        }
    }

    [Property(Arbitrary = new[] { typeof(MeshArbitraries) })]
    public void Plan_NodesShuffledWithinClusters_SameGroupsAndServiceRoutes(MeshShape shape, int seed)
    {
        var random = new Random(seed);
        var inventory = shape.Build();
        var shuffled = shape.Build(cluster => random.Shuffled(Enumerable.Range(0, shape.BlocksPerNode[cluster].Count)));
        foreach (var (_, node) in inventory.AllNodes)
        {
            var plan = Planner.Plan(inventory, node.Name);
            var other = Planner.Plan(shuffled, node.Name);

            Assert.Equal(plan.Groups, other.Groups);
            Assert.Equal(plan.ServiceRoutes, other.ServiceRoutes);
            Assert.Equal(plan.Sysctls, other.Sysctls);
        }
    }

    [Property(Arbitrary = new[] { typeof(MeshArbitraries) })]
    public void Assemble_FragmentsOfAnEditedMesh_EqualsAWholePlan(MeshShape shape, int seed)
    {
        // What the agent's per-peer path relies on: the groups follow from the peers' fragments alone.
        var random = new Random(seed);
        var inventory = shape.Build();
        var self = inventory.Clusters[0].Nodes[0].Name;
        for (var step = 0; step < 5; step++)
        {
            inventory = InventoryEdits.Apply(inventory, random, step);
            var context = Planner.Context(inventory, self);
            var fragments = inventory.AllNodes.Where(p => p.Node.Name != self).Select(p => Planner.Peer(context, p.Cluster.Name, p.Node)).ToList();

            Assert.Equal(Planner.Plan(inventory, self), Planner.Assemble(context, fragments));
        }
    }
}
