using FsCheck.Xunit;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;
using VxMesh.Core.Tests.Support;

namespace VxMesh.Core.Tests.Planning;

/// <summary>Plans are sorted and depend only on the mesh, not on how the inventory happens to list it.</summary>
public class PlannerDeterminismProperties
{
    [Property(Arbitrary = new[] { typeof(MeshArbitraries) })]
    public void Plan_AnyMesh_OutputListsSorted(MeshShape shape)
    {
        var inventory = shape.Build();
        foreach (var (_, node) in inventory.AllNodes)
        {
            var plan = Planner.Plan(inventory, node.Name);

            AssertSorted(plan.Neighbors.Select(n => n.Ip.GetAddressBytes()), Bytes);
            AssertSorted(plan.Fdb.Select(f => f.Mac.GetAddressBytes()), Bytes);
            AssertSorted(plan.Routes.Select(r => r.Destination), (a, b) => AddressOrder.Instance.Compare(a, b));
            AssertSorted(plan.Peers.Select(p => (p.Cluster, p.Node)),
                (a, b) => string.CompareOrdinal(a.Cluster, b.Cluster) is var c && c != 0 ? c : string.CompareOrdinal(a.Node, b.Node));
        }
    }

    [Property(Arbitrary = new[] { typeof(MeshArbitraries) })]
    public void Plan_AnyMeshTwice_EqualRecords(MeshShape shape)
    {
        foreach (var (_, node) in shape.Build().AllNodes)
        {
            Assert.Equal(Planner.Plan(shape.Build(), node.Name), Planner.Plan(shape.Build(), node.Name));
        }
    }

    [Property(Arbitrary = new[] { typeof(MeshArbitraries) })]
    public void Plan_NodesShuffledWithinClusters_SamePeersNeighborsFdbAndRoutes(MeshShape shape, int seed)
    {
        var random = new Random(seed);
        var inventory = shape.Build();
        var shuffled = shape.Build(cluster => random.Shuffled(Enumerable.Range(0, shape.BlocksPerNode[cluster].Count)));
        foreach (var (_, node) in inventory.AllNodes)
        {
            var plan = Planner.Plan(inventory, node.Name);
            var other = Planner.Plan(shuffled, node.Name);

            Assert.Equal(plan.Peers, other.Peers);
            Assert.Equal(plan.Neighbors, other.Neighbors);
            Assert.Equal(plan.Fdb, other.Fdb);
            Assert.Equal(plan.Routes, other.Routes);
        }
    }

    private static int Bytes(byte[] a, byte[] b) => a.AsSpan().SequenceCompareTo(b);

    private static void AssertSorted<T>(IEnumerable<T> items, Func<T, T, int> compare)
    {
        var list = items.ToList();
        for (var i = 1; i < list.Count; i++)
        {
            Assert.True(compare(list[i - 1], list[i]) < 0, $"item {i - 1} ({list[i - 1]}) is not strictly before item {i} ({list[i]})");
        }
    }
}

internal static class RandomExtensions
{
    public static IEnumerable<int> Shuffled(this Random random, IEnumerable<int> items)
    {
        var array = items.ToArray();
        random.Shuffle(array);
        return array;
    }
}
