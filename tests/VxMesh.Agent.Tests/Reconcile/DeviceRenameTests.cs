using VxMesh.Agent.Dataplane;
using VxMesh.Agent.Tests.Fakes;

namespace VxMesh.Agent.Tests.Reconcile;

/// <summary>
/// Renaming mesh.device on a live node: the old device keeps the VNI and port, so the kernel
/// would refuse the new one (EEXIST). The reconciler removes the device it converged before.
/// </summary>
public class DeviceRenameTests
{
    [Fact]
    public void Reconcile_MeshDeviceRenamed_OldDeviceRemovedNewOneConverged()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        var renamed = TestMesh.Article().WithMesh(m => m with { Device = "vxmesh1" });

        var report = harness.Reconcile(renamed);

        Assert.True(report.Converged, ReconcileHarness.Describe(report));
        Assert.Null(harness.Kernel.Link(TestMesh.Device));
        KernelAssert.Matches(TestMesh.Plan(renamed), harness.Kernel);
        Assert.Equal(new DeleteDevice(TestMesh.Device), ReconcileHarness.Ops(report)[0]);
    }

    [Fact]
    public void Explains_UnderlayChanged_NeverExplainedSoTheNextPassResyncs()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());

        Assert.True(harness.Reconciler.Absorb([new DataplaneEvent(DataplaneEventKind.Added, new UnderlayChanged("eth0"))]));
    }
}
