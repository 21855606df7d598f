using VxMesh.Core.Planning;
using VxMesh.Core.Tests.Support;

namespace VxMesh.Core.Tests.Planning;

/// <summary>The ARP and FDB entries of seeds/000: the `arp -s` and `bridge fdb append` lines, exactly.</summary>
public class ArticleNeighborTests
{
    public static TheoryData<string> Nodes => [.. ArticleCommands.NeighborsByNode.Keys];

    [Theory]
    [MemberData(nameof(Nodes))]
    public void Plan_ArticleNode_NeighborsAreExactlyTheArticlesArpEntries(string node)
    {
        var expected = ArticleCommands.Arp(ArticleCommands.NeighborsByNode[node]);

        var plan = Planner.Plan(ArticleMesh.Build(), node);

        Assert.Equal(5, expected.Count);
        Assert.Equal(Sorted(expected), Sorted(plan.Neighbors));
    }

    [Theory]
    [MemberData(nameof(Nodes))]
    public void Plan_ArticleNode_FdbIsExactlyTheArticlesFdbEntries(string node)
    {
        var expected = ArticleCommands.Fdb(ArticleCommands.NeighborsByNode[node]);

        var plan = Planner.Plan(ArticleMesh.Build(), node);

        Assert.Equal(5, expected.Count);
        Assert.Equal(Sorted(expected), Sorted(plan.Fdb));
    }

    [Fact]
    public void Plan_ArticleNode001_OwnVtepIsNeitherNeighborNorFdbEntry()
    {
        var plan = Planner.Plan(ArticleMesh.Build(), "multicluster-test-001");

        Assert.DoesNotContain(plan.Neighbors, n => n.Ip.ToString() == "179.17.1.21");
        Assert.DoesNotContain(plan.Fdb, f => f.Destination.ToString() == "192.168.0.21");
        Assert.DoesNotContain(plan.Fdb, f => f.Mac.Equals(plan.Device.Mac));
    }

    private static List<string> Sorted<T>(IEnumerable<T> entries) where T : notnull =>
        entries.Select(e => e.ToString()!).Order(StringComparer.Ordinal).ToList();
}
