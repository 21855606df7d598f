using System.Net;
using VxMesh.Agent.Dataplane;
using VxMesh.Agent.Reconcile;
using VxMesh.Agent.Tests.Fakes;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;
using VxMesh.Netlink;

namespace VxMesh.Agent.Tests.Reconcile;

/// <summary>
/// Felix's failure-injection discipline: fail the next op of one kind, expect the pass to
/// say it did not converge, and the next pass to converge on exactly the plan.
/// </summary>
public class FailureInjectionTests
{
    /// <summary>Op kinds a fresh install issues (with the tx-checksum workaround on, so SetTxChecksum is among them).</summary>
    public static TheoryData<Type> InstallOps =>
    [
        typeof(CreateDevice), typeof(SetDevice), typeof(SetTxChecksum), typeof(ReplaceAddress),
        typeof(ReplaceNeighbor), typeof(ReplaceFdb), typeof(ReplaceNexthop), typeof(ReplaceRoute),
    ];

    public static TheoryData<Type> DeleteOps =>
    [
        typeof(DeleteRoute), typeof(DeleteFdb), typeof(DeleteNeighbor), typeof(DeleteNexthop), typeof(DeleteAddress), typeof(DeleteDevice),
    ];

    [Theory]
    [MemberData(nameof(InstallOps))]
    public void Reconcile_InstallOpFailsOnce_NotConvergedThenNextPassConverges(Type failing)
    {
        var harness = new ReconcileHarness();
        var inventory = TestMesh.Article().WithMesh(m => m with { TxChecksumOffload = false });
        harness.Dataplane.Faults.FailNext(failing, 1, Errno.ENOBUFS);

        var first = harness.Reconcile(inventory);
        var second = harness.Reconcile(inventory);

        AssertFailedThenConverged(first, second, failing);
        KernelAssert.Matches(TestMesh.Plan(inventory), harness.Kernel);
        Assert.Empty(harness.Reconcile(inventory).Results);
    }

    [Theory]
    [MemberData(nameof(DeleteOps))]
    public void Reconcile_DeleteOpFailsOnce_NotConvergedThenNextPassConverges(Type failing)
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        var target = TargetNeeding(failing, harness.Kernel);
        harness.Dataplane.Faults.FailNext(failing, 1, Errno.EBUSY);

        var first = harness.Resync(target);
        var second = harness.Reconcile(target);

        AssertFailedThenConverged(first, second, failing);
        KernelAssert.Matches(TestMesh.Plan(target), harness.Kernel);
    }

    [Fact]
    public void Reconcile_OneRouteFails_OtherOpsStillApplied()
    {
        var harness = new ReconcileHarness();
        harness.Dataplane.Faults.FailNext<ReplaceRoute>(1, Errno.ENOBUFS);

        var report = harness.Reconcile(TestMesh.Article());

        Assert.Single(report.Failures);
        // 4 pod block routes and 2 remote service ranges, less the failed one.
        Assert.Equal(5, harness.Kernel.Routes.Count(r => r.Ours));
        Assert.Equal(5, harness.Kernel.NeighborsOn(TestMesh.Device).Count);
    }

    [Fact]
    public void Reconcile_FailuresForSeveralPasses_ConvergesOnceTheyStop()
    {
        var harness = new ReconcileHarness();
        harness.Dataplane.Faults.FailNext<ReplaceNexthop>(6, Errno.ENOBUFS);

        var passes = Enumerable.Range(0, 4).Select(_ => harness.Reconcile(TestMesh.Article())).ToList();

        Assert.Equal([false, false, true, true], passes.Select(p => p.Converged));
        KernelAssert.Matches(TestMesh.Plan(TestMesh.Article()), harness.Kernel);
    }

    /// <summary>Per-item backoff: an immediate pass leaves the failed item waiting but programs a new peer; later the item is retried alone.</summary>
    [Fact]
    public void Reconcile_FailedItemInBackoff_OthersConvergeMeanwhileThenRetriedAlone()
    {
        var harness = new ReconcileHarness();
        harness.Dataplane.Faults.FailNext<ReplaceNeighbor>(1, Errno.ENOBUFS);
        var first = harness.Reconcile(TestMesh.Article());
        var failed = Assert.IsType<ReplaceNeighbor>(Assert.Single(first.Failures).Op);
        var grown = TestMesh.Article().WithNodeAdded("test-cluster2", TestMesh.NewNode());
        harness.Dataplane.ClearLog();

        var meanwhile = harness.ReconcileNow(grown);

        Assert.False(meanwhile.Converged);
        Assert.Equal(1, meanwhile.Pending);
        Assert.DoesNotContain(meanwhile.Results, r => r.Op == failed);
        Assert.Contains(meanwhile.Results, r => r.Op is ReplaceRoute { Destination: var d } && d.ToString() == "10.235.77.0/24");
        Assert.NotNull(meanwhile.NextRetry);

        harness.Time.SetUtcNow(meanwhile.NextRetry!.Value);
        var retry = harness.ReconcileNow(grown);

        Assert.True(retry.Converged, ReconcileHarness.Describe(retry));
        Assert.Equal([failed], ReconcileHarness.Ops(retry));
        KernelAssert.Matches(TestMesh.Plan(grown), harness.Kernel);
    }

    [Fact]
    public void Reconcile_ItemFailsAgain_BackoffDoublesUpToTheCap()
    {
        var harness = new ReconcileHarness();
        harness.Dataplane.Faults.FailNext<ReplaceNexthop>(4 * 12, Errno.ENOBUFS);
        var report = harness.Reconcile(TestMesh.Article());
        var gaps = new List<TimeSpan>();
        for (var i = 0; i < 10; i++)
        {
            var now = harness.Time.GetUtcNow();
            gaps.Add(report.NextRetry!.Value - now);
            harness.Time.SetUtcNow(report.NextRetry.Value);
            report = harness.ReconcileNow(TestMesh.Article());
        }

        var min = Agent.Reconcile.Tables.RetryPolicy.Default.Min;
        var max = Agent.Reconcile.Tables.RetryPolicy.Default.Max;
        Assert.Equal(Enumerable.Range(0, 10).Select(k => TimeSpan.FromTicks(Math.Min(min.Ticks << k, max.Ticks))), gaps);
    }

    private static void AssertFailedThenConverged(ReconcileReport first, ReconcileReport second, Type failing)
    {
        Assert.False(first.Converged);
        Assert.Contains(first.Failures, f => f.Op.GetType() == failing && f.Errno is Errno.ENOBUFS or Errno.EBUSY);
        Assert.True(second.Converged, ReconcileHarness.Describe(second));
    }

    /// <summary>An inventory (and, for addresses, a drift) whose reconcile issues an op of the given delete kind.</summary>
    private static Inventory TargetNeeding(Type delete, FakeKernel kernel)
    {
        if (delete == typeof(DeleteAddress))
        {
            kernel.ReplaceAddress(TestMesh.Device, new InterfaceAddress(IPAddress.Parse("198.51.100.1"), 24));
            return TestMesh.Article();
        }
        return delete == typeof(DeleteDevice)
            ? TestMesh.Article().WithMesh(m => m with { Vni = 10002 })
            : TestMesh.Article().WithoutNode("multicluster-test-003");
    }
}
