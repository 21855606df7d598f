using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using VxMesh.Agent.Dataplane;
using VxMesh.Agent.Reconcile;
using VxMesh.Agent.Tests.Fakes;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;

namespace VxMesh.Agent.Tests.Reconcile;

/// <summary>Node 001's fake kernel and a reconciler over it, on a fake clock.</summary>
internal sealed class ReconcileHarness
{
    /// <summary>Longer than any retry backoff: a pass this much later retries every failed item.</summary>
    public static readonly TimeSpan Later = TimeSpan.FromMinutes(1);

    public FakeDataplane Dataplane { get; } = FakeDataplane.ForNode(TestMesh.SelfUnderlay);

    public FakeKernel Kernel => Dataplane.Kernel;

    public FakeTimeProvider Time { get; } = new();

    public Reconciler Reconciler { get; }

    public ReconcileHarness() => Reconciler = NewReconciler();

    /// <summary>A reconciler with no memory of this one: what a restarted agent gets.</summary>
    public Reconciler NewReconciler() => new(Dataplane, NullLogger.Instance, Time);

    /// <summary>A later pass driven by an inventory change: the reconciler may trust its model of the kernel; failed items are due again.</summary>
    public ReconcileReport Reconcile(Inventory inventory)
    {
        Time.Advance(Later);
        return Reconciler.Reconcile(TestMesh.Plan(inventory));
    }

    /// <summary>A pass right after the previous one: items that failed are still waiting for their retry.</summary>
    public ReconcileReport ReconcileNow(Inventory inventory) => Reconciler.Reconcile(TestMesh.Plan(inventory));

    /// <summary>A resync pass (timer, start): the kernel is observed afresh, so drift is seen.</summary>
    public ReconcileReport Resync(Inventory inventory)
    {
        Time.Advance(Later);
        return Reconciler.Reconcile(TestMesh.Plan(inventory), resync: true);
    }

    /// <summary>A kernel already converged on <paramref name="inventory"/>, with an empty op log.</summary>
    public static ReconcileHarness ConvergedOn(Inventory inventory)
    {
        var harness = new ReconcileHarness();
        var report = harness.Reconcile(inventory);
        Assert.True(report.Converged, Describe(report));
        harness.Dataplane.ClearLog();
        return harness;
    }

    public static IReadOnlyList<DataplaneOp> Ops(ReconcileReport report) => [.. report.Results.Select(r => r.Op)];

    public static string Describe(ReconcileReport report) =>
        string.Join("\n", report.Results.Select(r => r.Ok ? $"ok   {r.Op}" : $"FAIL {r.Op}: {r.Error}")) + $"\npending: {report.Pending}";

    public static NodeState Plan(Inventory inventory) => TestMesh.Plan(inventory);
}
