using Microsoft.Extensions.Logging.Abstractions;
using VxMesh.Agent.Dataplane;
using VxMesh.Agent.Reconcile;
using VxMesh.Agent.Tests.Fakes;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;

namespace VxMesh.Agent.Tests.Reconcile;

/// <summary>Node 001's fake kernel and a reconciler over it.</summary>
internal sealed class ReconcileHarness
{
    public FakeDataplane Dataplane { get; } = FakeDataplane.ForNode(TestMesh.SelfUnderlay);

    public FakeKernel Kernel => Dataplane.Kernel;

    public Reconciler Reconciler { get; }

    public ReconcileHarness() => Reconciler = NewReconciler();

    /// <summary>A reconciler with no memory of this one: what a restarted agent gets.</summary>
    public Reconciler NewReconciler() => new(Dataplane, NullLogger.Instance);

    /// <summary>A pass driven by an inventory change: the reconciler may trust its model of the kernel.</summary>
    public ReconcileReport Reconcile(Inventory inventory) => Reconciler.Reconcile(TestMesh.Plan(inventory));

    /// <summary>A resync pass (timer, start, after failure): the kernel is observed afresh, so drift is seen.</summary>
    public ReconcileReport Resync(Inventory inventory) => Reconciler.Reconcile(TestMesh.Plan(inventory), resync: true);

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
        string.Join("\n", report.Results.Select(r => r.Ok ? $"ok   {r.Op}" : $"FAIL {r.Op}: {r.Error}"));

    public static NodeState Plan(Inventory inventory) => TestMesh.Plan(inventory);
}
