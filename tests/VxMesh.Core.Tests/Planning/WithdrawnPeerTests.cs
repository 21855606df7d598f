using VxMesh.Core.Planning;
using VxMesh.Core.Tests.Support;

namespace VxMesh.Core.Tests.Planning;

/// <summary>
/// The planner's "peers withdrawn from ECMP" input: nodes left out of their cluster's service group while
/// their pod blocks stay routed (what an overlay probe that lost a node will feed it).
/// </summary>
public class WithdrawnPeerTests
{
    private const string Self = "multicluster-test-001";

    private static NodeState Plan(params string[] withdrawn) => Planner.Plan(ArticleMesh.Build(), Self, withdrawn: withdrawn);

    [Fact]
    public void Plan_OneNodeWithdrawn_LeavesItsGroupKeepsItsRoutesArpAndFdb()
    {
        var all = Plan();

        var plan = Plan("multicluster-test-003");

        var cluster2 = plan.Groups.Single(g => g.Cluster == "test-cluster2");
        Assert.Equal(["multicluster-test-004"], cluster2.Members.Select(m => m.Peer));
        Assert.Equal(all.Routes, plan.Routes);
        Assert.Equal(all.Neighbors, plan.Neighbors);
        Assert.Equal(all.Fdb, plan.Fdb);
        Assert.Equal(all.ServiceRoutes, plan.ServiceRoutes);
        Assert.Equal(all.Groups.Single(g => g.Cluster == "test-cluster3"), plan.Groups.Single(g => g.Cluster == "test-cluster3"));
    }

    [Fact]
    public void Plan_EveryNodeOfAClusterWithdrawn_NoGroupNoServiceRouteForIt()
    {
        var plan = Plan("multicluster-test-005", "multicluster-test-006");

        Assert.DoesNotContain(plan.Groups, g => g.Cluster == "test-cluster3");
        Assert.DoesNotContain(plan.ServiceRoutes, r => r.Cluster == "test-cluster3");
        Assert.Contains(plan.Routes, r => r.Peer == "multicluster-test-005");
        Assert.Contains(plan.ServiceRoutes, r => r.Cluster == "test-cluster2");
    }

    [Fact]
    public void Plan_UnknownOrOwnClusterNamesWithdrawn_SamePlan()
    {
        Assert.Equal(Plan(), Plan("no-such-node", "multicluster-test-002", Self));
    }

    [Fact]
    public void Context_WithdrawnSetChanges_ContextDiffersSoPeersArePlannedAgain()
    {
        var inventory = ArticleMesh.Build();

        var before = Planner.Context(inventory, Self);
        var after = Planner.Context(inventory, Self, withdrawn: ["multicluster-test-004"]);
        var same = Planner.Context(inventory, Self, withdrawn: ["multicluster-test-004", "multicluster-test-004"]);

        Assert.NotEqual(before, after);
        Assert.Equal(after, same);
        Assert.Null(Planner.Peer(after, "test-cluster2", inventory.FindNode("multicluster-test-004")!.Value.Node).Service);
        Assert.NotNull(Planner.Peer(before, "test-cluster2", inventory.FindNode("multicluster-test-004")!.Value.Node).Service);
    }
}
