using VxMesh.Agent.Tests.Fakes;

namespace VxMesh.Agent.Tests.Reconcile;

/// <summary>
/// mesh.txChecksumOffload: false is the workaround for the vxlan + NAT stall (flannel #1279).
/// Operators reach for it on a running mesh, so it must reach a device that already exists,
/// and stay applied if something turns the offload back on.
/// </summary>
public class TxChecksumTests
{
    private const string Dev = TestMesh.Device;

    [Fact]
    public void Reconcile_OffloadTurnedOffForExistingDevice_DeviceOffloadOff()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        var workaround = TestMesh.Article().WithMesh(m => m with { TxChecksumOffload = false });

        var report = harness.Reconcile(workaround);

        Assert.True(report.Converged, ReconcileHarness.Describe(report));
        Assert.False(harness.Kernel.Link(Dev)!.TxChecksum);
    }

    [Fact]
    public void Reconcile_OffloadReenabledByHand_TurnedOffAgain()
    {
        var workaround = TestMesh.Article().WithMesh(m => m with { TxChecksumOffload = false });
        var harness = ReconcileHarness.ConvergedOn(workaround);
        harness.Kernel.SetTxChecksum(Dev, enabled: true);

        harness.Resync(workaround);

        Assert.False(harness.Kernel.Link(Dev)!.TxChecksum);
    }
}
