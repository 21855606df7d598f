using System.Net;
using VxMesh.Agent.Dataplane;
using VxMesh.Agent.Tests.Fakes;
using VxMesh.Core.Model;
using VxMesh.Netlink;

namespace VxMesh.Agent.Tests.Reconcile;

/// <summary>
/// Between resyncs the reconciler trusts its model of the kernel (the ops it saw accepted).
/// Anything that may make that model wrong must send the next pass back to the kernel.
/// </summary>
public class ModelResyncTests
{
    private const string Dev = TestMesh.Device;

    /// <summary>A failure leaves the model of everything else valid: the retry does not re-read the kernel, the next resync does.</summary>
    [Fact]
    public void Reconcile_PassAfterAFailedOne_RetriesWithoutReobservingAndTheResyncRepairsDrift()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        var grown = TestMesh.Article().WithNodeAdded("test-cluster2", TestMesh.NewNode());
        harness.Dataplane.Faults.FailNext<ReplaceRoute>(1, Errno.ENOBUFS);
        Assert.False(harness.Reconcile(grown).Converged);
        harness.Kernel.DeleteNeighbor(Dev, IPAddress.Parse("179.17.1.16"));
        var observes = harness.Dataplane.ObserveCount;

        var retry = harness.Reconcile(grown);
        var resync = harness.Resync(grown);

        Assert.True(retry.Converged, ReconcileHarness.Describe(retry));
        Assert.Equal([typeof(ReplaceRoute)], retry.Results.Select(r => r.Op.GetType()));
        Assert.Equal(observes + 1, harness.Dataplane.ObserveCount);
        Assert.Equal([new ReplaceNeighbor(Dev, IPAddress.Parse("179.17.1.16"), Mac.Parse("36:f9:67:c0:70:1c"))], ReconcileHarness.Ops(resync));
        KernelAssert.Matches(TestMesh.Plan(grown), harness.Kernel);
    }

    [Fact]
    public void Reconcile_AfterInvalidate_ObservesAfreshAndRepairsDrift()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        harness.Kernel.DeleteNeighbor(Dev, IPAddress.Parse("179.17.1.16"));
        harness.Reconciler.Invalidate();

        var report = harness.Reconcile(TestMesh.Article());

        Assert.Equal([new ReplaceNeighbor(Dev, IPAddress.Parse("179.17.1.16"), Mac.Parse("36:f9:67:c0:70:1c"))], ReconcileHarness.Ops(report));
    }

    [Fact]
    public void Reconcile_DeviceChangePass_ContentDiffedAgainstFreshObservation()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        var jumbo = TestMesh.Article().WithMesh(m => m with { Mtu = 1400 });

        var report = harness.Reconcile(jumbo);

        Assert.Equal([new SetDevice(Dev, null, 1400, null)], ReconcileHarness.Ops(report));
        KernelAssert.Matches(TestMesh.Plan(jumbo), harness.Kernel);
    }

    /// <summary>The model was observed for the old device name; the new name's device does not exist yet.</summary>
    [Fact]
    public void Reconcile_MeshDeviceRenamed_NewDeviceConvergesInOnePass()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        var renamed = TestMesh.Article().WithMesh(m => m with { Device = "vxmesh1" });

        var report = harness.Reconcile(renamed);

        Assert.True(report.Converged, ReconcileHarness.Describe(report));
        KernelAssert.Matches(TestMesh.Plan(renamed), harness.Kernel);
    }
}
