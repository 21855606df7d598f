using System.Net;
using VxMesh.Agent.Dataplane;
using VxMesh.Agent.Reconcile;
using VxMesh.Agent.Tests.Fakes;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;

namespace VxMesh.Agent.Tests.Reconcile;

/// <summary>
/// The inner-source sets follow the plan by moving elements: a peer that brings a source not already
/// covered adds exactly that prefix, its departure removes it, a peer whose sources are covered by a
/// remote range changes nothing, and the peer-change path lands on the same set as a whole plan.
/// </summary>
public class InnerSourceReconcileTests
{
    /// <summary>An own-cluster peer in onlink mode: its VTEP address (first block's network) is a host prefix of its own.</summary>
    private static readonly NodeSpec OwnClusterPeer =
        new("multicluster-test-008", IPAddress.Parse("192.168.0.88"), "eth0", null, Mac.Parse("0a:00:00:00:00:88"), ValueList.Of(IPNetwork.Parse("10.234.88.0/24")));

    [Fact]
    public void Reconcile_Converged_KernelHoldsThePlannedInnerSources()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article(onlink: true));

        Assert.Equal(TestMesh.Plan(TestMesh.Article(onlink: true)).Ingress.InnerSources, harness.Kernel.Ingress!.InnerSources);
        Assert.Equal(TestMesh.Device, harness.Kernel.Ingress.Device);
    }

    [Fact]
    public void Reconcile_OwnClusterPeerJoinsAndLeaves_OnlyItsHostPrefixMoves()
    {
        var before = TestMesh.Article(onlink: true);
        var harness = ReconcileHarness.ConvergedOn(before);
        var grown = before.WithNodeAdded("test-cluster1", OwnClusterPeer);

        var joined = ReconcileHarness.Ops(harness.Reconcile(grown));

        Assert.Equal(new ChangeInnerSources(ValueList<IPNetwork>.Empty, ValueList.Of(IPNetwork.Parse("10.234.88.0/32"))), Assert.Single(joined.OfType<ChangeInnerSources>()));
        Assert.DoesNotContain(joined, o => o is ReplaceIngressFilter);
        Assert.Equal(TestMesh.Plan(grown).Ingress.InnerSources, harness.Kernel.Ingress!.InnerSources);

        var left = ReconcileHarness.Ops(harness.Reconcile(before));

        Assert.Equal(new ChangeInnerSources(ValueList.Of(IPNetwork.Parse("10.234.88.0/32")), ValueList<IPNetwork>.Empty), Assert.Single(left.OfType<ChangeInnerSources>()));
        Assert.Equal(TestMesh.Plan(before).Ingress.InnerSources, harness.Kernel.Ingress!.InnerSources);
    }

    [Fact]
    public void Reconcile_RemotePeerInsideItsClustersRange_NoInnerChange()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());

        var ops = ReconcileHarness.Ops(harness.Reconcile(TestMesh.Article().WithNodeAdded("test-cluster2", TestMesh.NewNode())));

        Assert.DoesNotContain(ops, o => o is ChangeInnerSources or ReplaceIngressFilter);
    }

    [Fact]
    public void ReconcileChanges_PeerJoinsThroughThePeerPath_SameSetAsAWholePlan()
    {
        var before = TestMesh.Article(onlink: true);
        var harness = ReconcileHarness.ConvergedOn(before);
        var grown = before.WithNodeAdded("test-cluster1", OwnClusterPeer);
        var context = Planner.Context(grown, TestMesh.Self, new NodeFacts("eth0", 1500));

        var report = harness.Reconciler.Reconcile(context, [new PeerChange(null, Planner.Peer(context, "test-cluster1", OwnClusterPeer))]);

        Assert.True(report.Converged, ReconcileHarness.Describe(report));
        Assert.Equal(TestMesh.Plan(grown).Ingress.InnerSources, harness.Kernel.Ingress!.InnerSources);
    }

    [Fact]
    public void Reconcile_InnerChangeFails_TableReadAgainAndNextPassConverges()
    {
        var before = TestMesh.Article(onlink: true);
        var harness = ReconcileHarness.ConvergedOn(before);
        var grown = before.WithNodeAdded("test-cluster1", OwnClusterPeer);
        harness.Dataplane.Faults.FailNext<ChangeInnerSources>(1, VxMesh.Netlink.Errno.EINVAL);

        var failed = harness.Reconcile(grown);
        var retried = harness.Reconcile(grown);

        Assert.False(failed.Converged);
        Assert.True(retried.Converged, ReconcileHarness.Describe(retried));
        Assert.Equal(TestMesh.Plan(grown).Ingress.InnerSources, harness.Kernel.Ingress!.InnerSources);
    }
}
