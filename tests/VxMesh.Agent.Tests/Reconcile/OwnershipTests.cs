using VxMesh.Agent.Dataplane;
using VxMesh.Agent.Tests.Fakes;
using VxMesh.Core.Model;

namespace VxMesh.Agent.Tests.Reconcile;

/// <summary>Nothing without our protocol, and no dynamic neighbour, is ever touched — even on our own device.</summary>
public class OwnershipTests
{
    private const byte Static = 4;
    private const string Dev = TestMesh.Device;

    [Fact]
    public void Reconcile_ForeignRouteOnOurDevice_Untouched()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        harness.Kernel.AddGatewayRoute("10.99.0.0/24", "179.17.1.200", Dev, Static);

        var report = harness.Resync(TestMesh.Article());

        Assert.Empty(report.Results);
        Assert.Equal(Static, harness.Kernel.Route("10.99.0.0/24")!.Protocol);
    }

    [Fact]
    public void Reconcile_ForeignRouteAtAPlannedBlock_IsAConflict_NeverOverwritten_TheRestConverges()
    {
        var harness = new ReconcileHarness();
        harness.Kernel.AddGatewayRoute("10.235.88.0/24", "192.168.0.1", "eth0", Static);

        var report = harness.Resync(TestMesh.Article());
        var again = harness.Resync(TestMesh.Article());

        Assert.Equal(["10.235.88.0/24"], report.RouteConflicts.Select(b => b.ToString()));
        Assert.True(report.Converged, ReconcileHarness.Describe(report));
        Assert.Equal(Static, harness.Kernel.Route("10.235.88.0/24")!.Protocol);
        Assert.Equal(Ownership.RouteProtocol, harness.Kernel.Route("10.235.113.0/24")!.Protocol);
        Assert.DoesNotContain(ReconcileHarness.Ops(again), o => o is ReplaceRoute r && r.Destination.ToString() == "10.235.88.0/24");
    }

    [Fact]
    public void Reconcile_ForeignNexthops_UntouchedAndNotReused()
    {
        var harness = new ReconcileHarness();
        harness.Kernel.AddNexthop(7, "192.168.0.1", "eth0", Static);
        harness.Kernel.AddNexthop(Ownership.NexthopIdBase, "192.168.0.1", "eth0", protocol: 3);
        var foreign = harness.Kernel.Nexthops;

        var report = harness.Resync(TestMesh.Article());

        Assert.True(report.Converged, ReconcileHarness.Describe(report));
        Assert.All(foreign, nh => Assert.Equal(nh, harness.Kernel.Nexthop(nh.Id)));
        Assert.DoesNotContain(harness.Kernel.Routes, r => r.NexthopId is 7 || r.NexthopId == Ownership.NexthopIdBase);
    }

    [Fact]
    public void Reconcile_DynamicNeighborOnOurDevice_LeftToAgeOut()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        harness.Kernel.AddNeighbor(Dev, "179.17.1.250", "02:00:00:00:00:fa", permanent: false);

        var report = harness.Resync(TestMesh.Article());

        Assert.Empty(report.Results);
        Assert.Contains(harness.Kernel.NeighborsOn(Dev), n => n.Ip.ToString() == "179.17.1.250" && !n.Permanent);
    }

    [Fact]
    public void Observe_ForeignEntries_NotReportedAsOurs()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        harness.Kernel.AddGatewayRoute("10.99.0.0/24", "192.168.0.1", "eth0", Static);
        harness.Kernel.AddNexthop(7, "192.168.0.1", "eth0", Static);
        harness.Kernel.AddNeighbor(Dev, "179.17.1.250", "02:00:00:00:00:fa", permanent: false);

        var observed = harness.Dataplane.Observe(Dev);

        Assert.DoesNotContain(observed.Routes, r => r.Destination.ToString() == "10.99.0.0/24");
        Assert.DoesNotContain(observed.Nexthops, n => n.Id == 7);
        Assert.Contains(7u, observed.NexthopIdsInUse);
        Assert.False(observed.Neighbors.Single(n => n.Ip.ToString() == "179.17.1.250").Permanent);
        // 4 pod block routes and 2 remote service ranges.
        Assert.Equal(6, observed.Routes.Count);
    }
}
