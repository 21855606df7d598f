using VxMesh.Agent.Dataplane;
using VxMesh.Agent.Tests.Fakes;
using VxMesh.Core.Model;

namespace VxMesh.Agent.Tests.Reconcile;

/// <summary>Someone changed our device behind the agent's back: one pass puts it (and what the kernel dropped with it) back.</summary>
public class DeviceDriftTests
{
    private const string Dev = TestMesh.Device;

    [Fact]
    public void Reconcile_DeviceSetDown_BroughtUpAndFlushedEntriesReprogrammed()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        harness.Kernel.SetLink(Dev, up: false);
        Assert.Empty(harness.Kernel.Nexthops);

        var report = harness.Resync(TestMesh.Article());

        Assert.True(report.Converged, ReconcileHarness.Describe(report));
        Assert.Equal(new SetDevice(Dev, null, null, true), report.Results[0].Op);
        KernelAssert.Matches(TestMesh.Plan(TestMesh.Article()), harness.Kernel);
    }

    [Fact]
    public void Reconcile_MtuChanged_OnlyMtuSetBack()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        harness.Kernel.SetLink(Dev, mtu: 1400);

        var report = harness.Resync(TestMesh.Article());

        Assert.Equal([new SetDevice(Dev, null, 1450, null)], ReconcileHarness.Ops(report));
        KernelAssert.Matches(TestMesh.Plan(TestMesh.Article()), harness.Kernel);
    }

    [Fact]
    public void Reconcile_MacChanged_MacSetBackAndFlushedArpReprogrammed()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        harness.Kernel.SetLink(Dev, mac: Mac.Parse("02:00:00:00:00:01"));

        var report = harness.Resync(TestMesh.Article());

        var ops = ReconcileHarness.Ops(report);
        Assert.Equal(new SetDevice(Dev, Mac.Parse("c2:6a:9b:e5:39:8d"), null, null), ops[0]);
        Assert.Equal(5, ops.Count(o => o is ReplaceNeighbor));
        Assert.Equal(6, ops.Count);
        KernelAssert.Matches(TestMesh.Plan(TestMesh.Article()), harness.Kernel);
    }

    [Fact]
    public void Reconcile_DeviceDeleted_RecreatedAndFullyReprogrammed()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        harness.Kernel.DeleteLink(Dev);
        Assert.DoesNotContain(harness.Kernel.Routes, r => r.Ours);

        var report = harness.Resync(TestMesh.Article());

        Assert.True(report.Converged, ReconcileHarness.Describe(report));
        Assert.IsType<CreateDevice>(report.Results[0].Op);
        // The device took the routes, nexthops and groups along; the sysctl stayed.
        Assert.Equal(25, report.Changes);
        KernelAssert.Matches(TestMesh.Plan(TestMesh.Article()), harness.Kernel);
    }
}
