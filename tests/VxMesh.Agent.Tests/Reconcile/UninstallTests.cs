using VxMesh.Agent.Dataplane;
using VxMesh.Agent.Reconcile;
using VxMesh.Agent.Tests.Fakes;
using VxMesh.Core.Model;

namespace VxMesh.Agent.Tests.Reconcile;

/// <summary>Uninstall removes exactly what VxMesh owns — our device, our routes and nexthops — and nothing else.</summary>
public class UninstallTests
{
    private const byte Static = 4;
    private const string Dev = TestMesh.Device;

    private static ReconcileHarness ConvergedWithForeignRouting()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        harness.Kernel.AddGatewayRoute("10.99.0.0/24", "192.168.0.1", "eth0", Static);
        harness.Kernel.AddNexthop(7, "192.168.0.1", "eth0", Static);
        harness.Kernel.AddNexthopRoute("10.98.0.0/24", 7, Static);
        return harness;
    }

    [Fact]
    public void Uninstall_ConvergedNode_NoDeviceNoOwnedRoutesOrNexthops()
    {
        var harness = ConvergedWithForeignRouting();

        var report = harness.Reconciler.Uninstall(Dev);

        Assert.True(report.Converged, ReconcileHarness.Describe(report));
        Assert.Null(harness.Kernel.Link(Dev));
        Assert.Null(harness.Kernel.Ingress);
        Assert.DoesNotContain(harness.Kernel.Routes, r => r.Ours);
        Assert.DoesNotContain(harness.Kernel.Nexthops, n => n.Protocol == Ownership.RouteProtocol);
    }

    [Fact]
    public void Uninstall_ForeignRoutesAndNexthops_Survive()
    {
        var harness = ConvergedWithForeignRouting();
        var foreign = harness.Kernel.Dump().Where(l => !l.Contains(Dev) && !l.Contains($"proto {Ownership.RouteProtocol}")).ToList();
        Assert.Equal(3, foreign.Count(l => l.Contains($"proto {Static}")));

        harness.Reconciler.Uninstall(Dev);

        Assert.Equal(foreign, harness.Kernel.Dump());
    }

    [Fact]
    public void Uninstall_RoutesBeforeNexthopsBeforeDevice()
    {
        var harness = ConvergedWithForeignRouting();

        var ops = ReconcileHarness.Ops(harness.Reconciler.Uninstall(Dev)).ToList();

        // 4 pod block routes and 2 remote service ranges; their 2 groups; 4 per-peer nexthops.
        Assert.Equal(6, ops.Count(o => o is DeleteRoute));
        Assert.Equal(2, ops.Count(o => o is DeleteNexthopGroup));
        Assert.Equal(4, ops.Count(o => o is DeleteNexthop));
        Assert.True(ops.FindLastIndex(o => o is DeleteNexthopGroup) < ops.FindIndex(o => o is DeleteNexthop));
        Assert.True(ops.FindLastIndex(o => o is DeleteRoute) < ops.FindIndex(o => o is DeleteNexthop));
        Assert.Equal(new DeleteDevice(Dev), ops[^2]);
        Assert.Equal(new DeleteIngressFilter(), ops[^1]);
    }

    [Fact]
    public void Uninstall_Twice_SecondDoesNothing()
    {
        var harness = ConvergedWithForeignRouting();
        harness.Reconciler.Uninstall(Dev);

        var second = harness.Reconciler.Uninstall(Dev);

        Assert.Empty(second.Results);
        Assert.True(second.Converged);
    }

    [Fact]
    public void Uninstall_DeviceOfAnotherKind_ThrowsAndChangesNothing()
    {
        var harness = new ReconcileHarness();
        harness.Kernel.AddLink(Dev, "bridge");
        var before = harness.Kernel.Dump();

        Assert.Throws<DeviceConflictException>(() => harness.Reconciler.Uninstall(Dev));

        Assert.Equal(before, harness.Kernel.Dump());
        Assert.Empty(harness.Dataplane.Log);
    }

    [Fact]
    public void Uninstall_UnmarkedVxlanDeviceOfOurName_KeptWithWhatLivesOnIt()
    {
        var harness = new ReconcileHarness();
        harness.Kernel.AddVxlan(Dev, 99, 4789, "192.168.0.21", "eth0", "02:00:00:00:00:99");
        var before = harness.Kernel.Dump();

        var report = harness.Reconciler.Uninstall(Dev);

        Assert.True(report.Converged, ReconcileHarness.Describe(report));
        Assert.DoesNotContain(ReconcileHarness.Ops(report), o => o is DeleteDevice);
        Assert.Equal(before, harness.Kernel.Dump());
    }
}
