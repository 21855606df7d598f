using System.Net;
using VxMesh.Core.Planning;
using VxMesh.Core.Tests.Support;

namespace VxMesh.Core.Tests.Planning;

/// <summary>
/// The routes of seeds/000: each node gets exactly its cluster's `route add` block (via the
/// peer's VTEP address, dev vxlan-test, not onlink). The article heads cluster 3's block
/// "test-cluster2"; what it contains (routes to clusters 1 and 2) is what is checked.
/// </summary>
public class ArticleRouteTests
{
    [Theory]
    [InlineData("multicluster-test-001", "test-cluster1")]
    [InlineData("multicluster-test-002", "test-cluster1")]
    [InlineData("multicluster-test-003", "test-cluster2")]
    [InlineData("multicluster-test-004", "test-cluster2")]
    [InlineData("multicluster-test-005", "test-cluster3")]
    [InlineData("multicluster-test-006", "test-cluster3")]
    public void Plan_ArticleNode_RoutesAreExactlyTheClustersRouteAddBlock(string node, string cluster)
    {
        var expected = ArticleCommands.Routes(ArticleCommands.RoutesByCluster[cluster]);

        var plan = Planner.Plan(ArticleMesh.Build(), node);

        Assert.Equal(4, expected.Count);
        Assert.Equal(
            expected.OrderBy(r => r.Destination.ToString(), StringComparer.Ordinal),
            plan.Routes.Select(r => (r.Destination, r.Gateway, r.Device, r.Onlink)).OrderBy(r => r.Destination.ToString(), StringComparer.Ordinal));
    }

    [Fact]
    public void Plan_ArticleNode001_RoutesNameThePeerOwningEachBlock()
    {
        var plan = Planner.Plan(ArticleMesh.Build(), "multicluster-test-001");

        Assert.Equal(
            [
                ("10.235.88.0/24", "multicluster-test-003"),
                ("10.235.113.0/24", "multicluster-test-004"),
                ("10.236.106.0/24", "multicluster-test-006"),
                ("10.236.115.0/24", "multicluster-test-005"),
            ],
            plan.Routes.Select(r => (r.Destination.ToString(), r.Peer)));
    }

    [Fact]
    public void Plan_ArticleNode005_NoRouteIntoItsOwnCluster()
    {
        var own = IPNetwork.Parse("10.236.64.0/18");

        var plan = Planner.Plan(ArticleMesh.Build(), "multicluster-test-005");

        Assert.DoesNotContain(plan.Routes, r => own.Contains(r.Destination.BaseAddress));
        Assert.Contains(plan.Peers, p => p.Node == "multicluster-test-006" && !p.Routed);
    }
}
