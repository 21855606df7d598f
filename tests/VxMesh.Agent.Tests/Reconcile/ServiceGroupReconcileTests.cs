using System.Net;
using VxMesh.Agent.Dataplane;
using VxMesh.Agent.Tests.Fakes;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;

namespace VxMesh.Agent.Tests.Reconcile;

/// <summary>
/// Remote service ranges through a nexthop group per remote cluster (the article mesh's clusters 2 and 3
/// have service ranges 10.235.0.0/18 and 10.236.0.0/18): member nexthops before groups before routes,
/// the reverse on removal, drift repaired, uninstall leaving none of it.
/// </summary>
public class ServiceGroupReconcileTests
{
    private static readonly IPNetwork Cluster2Services = IPNetwork.Parse("10.235.0.0/18");
    private static readonly IPNetwork Cluster3Services = IPNetwork.Parse("10.236.0.0/18");

    private static uint GroupOf(FakeKernel kernel, IPNetwork services) =>
        kernel.Route(services.ToString())?.NexthopId ?? throw new Xunit.Sdk.XunitException($"no route to {services}");

    [Fact]
    public void Reconcile_EmptyKernel_MembersThenGroupsThenServiceRoutesAndTheL4Hash()
    {
        var harness = new ReconcileHarness();

        var report = harness.Resync(TestMesh.Article());

        Assert.True(report.Converged, ReconcileHarness.Describe(report));
        var ops = ReconcileHarness.Ops(report).ToList();
        AssertBefore<ReplaceNexthop, ReplaceNexthopGroup>(ops);
        var lastGroup = ops.FindLastIndex(o => o is ReplaceNexthopGroup);
        Assert.True(ops.FindIndex(o => o is ReplaceRoute r && (r.Destination == Cluster2Services || r.Destination == Cluster3Services)) > lastGroup);
        Assert.Contains(new SetSysctl("net.ipv4.fib_multipath_hash_policy", "1"), ops);
        KernelAssert.Matches(TestMesh.Plan(TestMesh.Article()), harness.Kernel);

        var group = harness.Kernel.Group(GroupOf(harness.Kernel, Cluster2Services))!;
        var members = group.Members.Select(m => harness.Kernel.Nexthop(m)!.Gateway.ToString()).Order();
        Assert.Equal(["179.17.1.16", "179.17.1.44"], members);
        // The members are the very objects the peers' pod block routes use.
        Assert.Contains(harness.Kernel.Route("10.235.88.0/24")!.NexthopId!.Value, group.Members);
        Assert.Equal(ServiceGroups.Shape, group.Shape);
        Assert.Equal("1", harness.Kernel.Sysctls["net.ipv4.fib_multipath_hash_policy"]);

        Assert.Empty(ReconcileHarness.Ops(harness.Resync(TestMesh.Article())));
    }

    [Fact]
    public void Reconcile_NodeLeavesRemoteCluster_GroupReplacedInPlaceRouteKept()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        var id = GroupOf(harness.Kernel, Cluster2Services);
        var without = TestMesh.Article().WithoutNode("multicluster-test-003");

        var ops = ReconcileHarness.Ops(harness.Reconcile(without)).ToList();

        Assert.DoesNotContain(ops, o => o is DeleteNexthopGroup or ReplaceRoute);
        var replace = Assert.Single(ops.OfType<ReplaceNexthopGroup>());
        Assert.Equal(id, replace.Id);
        AssertBefore<ReplaceNexthopGroup, DeleteNexthop>(ops);
        Assert.Equal(id, GroupOf(harness.Kernel, Cluster2Services));
        KernelAssert.Matches(TestMesh.Plan(without), harness.Kernel);
    }

    [Fact]
    public void Reconcile_LastNodeOfRemoteClusterLeaves_RouteThenGroupThenNexthopsGo()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        var id = GroupOf(harness.Kernel, Cluster3Services);
        var without = TestMesh.Article().WithoutNode("multicluster-test-005").WithoutNode("multicluster-test-006");

        var ops = ReconcileHarness.Ops(harness.Reconcile(without)).ToList();

        var route = ops.FindIndex(o => o is DeleteRoute r && r.Destination == Cluster3Services);
        var group = ops.IndexOf(new DeleteNexthopGroup(id));
        var nexthop = ops.FindIndex(o => o is DeleteNexthop);
        Assert.True(route >= 0 && route < group && group < nexthop, string.Join("\n", ops));
        Assert.Null(harness.Kernel.Group(id));
        Assert.Null(harness.Kernel.Route(Cluster3Services.ToString()));
        KernelAssert.Matches(TestMesh.Plan(without), harness.Kernel);
    }

    [Fact]
    public void Absorb_GroupDeletedBySomeoneElse_ResyncRestoresGroupAndRoute()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        var id = GroupOf(harness.Kernel, Cluster2Services);
        harness.Kernel.DeleteNexthop(id);

        Assert.True(harness.Reconciler.Absorb([new DataplaneEvent(DataplaneEventKind.Removed, new ObservedNexthop(id, null, null, false))]));
        var report = harness.Reconcile(TestMesh.Article());

        Assert.True(report.Converged, ReconcileHarness.Describe(report));
        var ops = ReconcileHarness.Ops(report);
        Assert.Equal([new ReplaceNexthopGroup(id, harness.Kernel.Group(id)!.Members, ServiceGroups.Shape), new ReplaceRoute(Cluster2Services, id)], ops);
        KernelAssert.Matches(TestMesh.Plan(TestMesh.Article()), harness.Kernel);
    }

    [Fact]
    public void Absorb_EchoOfOwnGroupWrite_Explained()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        var id = GroupOf(harness.Kernel, Cluster2Services);
        var group = harness.Kernel.Group(id)!;
        var seen = new ObservedGroup(group.Members.Select(m => new Netlink.NexthopGroupMember(m)).ToValueList(), group.Shape);

        Assert.False(harness.Reconciler.Absorb([new DataplaneEvent(DataplaneEventKind.Added, new ObservedNexthop(id, null, null, false, seen))]));
    }

    [Fact]
    public void Resync_GroupMembersChangedBySomeoneElse_MembersRestored()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        var id = GroupOf(harness.Kernel, Cluster2Services);
        var members = harness.Kernel.Group(id)!.Members;
        harness.Kernel.ReplaceNexthopGroup(id, [members[0]], ServiceGroups.Shape, Ownership.RouteProtocol);

        var report = harness.Resync(TestMesh.Article());

        Assert.Equal([new ReplaceNexthopGroup(id, members, ServiceGroups.Shape)], ReconcileHarness.Ops(report));
        KernelAssert.Matches(TestMesh.Plan(TestMesh.Article()), harness.Kernel);
    }

    [Fact]
    public void Resync_GroupRemadeAsHashThresholdBySomeoneElse_DeletedAndRemadeWithItsRoute()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        var id = GroupOf(harness.Kernel, Cluster2Services);
        var members = harness.Kernel.Group(id)!.Members;
        harness.Kernel.DeleteNexthop(id);
        harness.Kernel.ReplaceNexthopGroup(id, members, null, Ownership.RouteProtocol);
        harness.Kernel.ReplaceRoute(Cluster2Services, id, Ownership.RouteProtocol);

        var report = harness.Resync(TestMesh.Article());

        Assert.True(report.Converged, ReconcileHarness.Describe(report));
        Assert.Equal([new DeleteNexthopGroup(id), new ReplaceNexthopGroup(id, members, ServiceGroups.Shape), new ReplaceRoute(Cluster2Services, id)],
            ReconcileHarness.Ops(report));
        KernelAssert.Matches(TestMesh.Plan(TestMesh.Article()), harness.Kernel);
    }

    [Fact]
    public void Uninstall_WithGroups_RoutesThenGroupsThenNexthopsAndNoneLeft()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());

        var ops = ReconcileHarness.Ops(harness.Reconciler.Uninstall(TestMesh.Device)).ToList();

        AssertBefore<DeleteRoute, DeleteNexthopGroup>(ops);
        AssertBefore<DeleteNexthopGroup, DeleteNexthop>(ops);
        Assert.Empty(harness.Kernel.Groups);
        Assert.Empty(harness.Kernel.Nexthops);
        Assert.DoesNotContain(harness.Kernel.Routes, r => r.Ours);
    }

    private static void AssertBefore<TFirst, TThen>(List<DataplaneOp> ops)
    {
        var first = ops.FindLastIndex(o => o is TFirst);
        var then = ops.FindIndex(o => o is TThen);
        Assert.True(first >= 0 && then >= 0 && first < then, $"{typeof(TFirst).Name} before {typeof(TThen).Name}:\n{string.Join("\n", ops)}");
    }
}
