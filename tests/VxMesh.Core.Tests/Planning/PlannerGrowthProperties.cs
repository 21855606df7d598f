using FsCheck.Xunit;
using VxMesh.Core.Planning;
using VxMesh.Core.Tests.Support;

namespace VxMesh.Core.Tests.Planning;

/// <summary>
/// Adding a node changes nothing the existing nodes already have: no renumbered MAC or VTEP
/// address, no rewritten entry. It only adds the newcomer's ARP, FDB and (from other
/// clusters) routes — so rolling a new node into the mesh never disturbs live traffic.
/// </summary>
public class PlannerGrowthProperties
{
    [Property(Arbitrary = new[] { typeof(MeshArbitraries) })]
    public void Plan_NodeAddedToOneCluster_ExistingNodesOnlyGainEntries(MeshShape shape, byte clusterPick, byte blockPick)
    {
        var cluster = clusterPick % shape.ClusterCount;
        var grown = shape.WithNodeAdded(cluster, 1 + blockPick % 3);
        var newcomer = MeshShape.NodeName(cluster, shape.BlocksPerNode[cluster].Count);
        var before = shape.Build();
        var after = grown.Build();

        var blocks = grown.BlocksPerNode[cluster][^1];
        foreach (var (home, node) in before.AllNodes)
        {
            var routesGained = home.Name == MeshShape.ClusterName(cluster) ? 0 : blocks;
            var old = Planner.Plan(before, node.Name);
            var now = Planner.Plan(after, node.Name);

            Assert.Equal(old.Device, now.Device);
            Assert.Equal(old.Address, now.Address);
            Assert.Equal(old.Peers, now.Peers.Where(p => p.Node != newcomer));
            AssertOnlyAdded(old.Neighbors, now.Neighbors, now.Peers.Single(p => p.Node == newcomer).VtepIp.ToString(), n => n.Ip.ToString(), 1);
            AssertOnlyAdded(old.Fdb, now.Fdb, now.Peers.Single(p => p.Node == newcomer).Underlay.ToString(), f => f.Destination.ToString(), 1);
            AssertOnlyAdded(old.Routes, now.Routes, newcomer, r => r.Peer, routesGained);
        }
    }

    private static void AssertOnlyAdded<T>(IEnumerable<T> before, IEnumerable<T> after, string newcomerKey, Func<T, string> key, int count)
    {
        var added = after.Except(before).ToList();
        Assert.Empty(before.Except(after));
        Assert.Equal(count, added.Count);
        Assert.All(added, e => Assert.Equal(newcomerKey, key(e)));
    }
}
