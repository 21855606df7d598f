using System.Net;
using VxMesh.Agent.Dataplane;
using VxMesh.Agent.Tests.Fakes;
using VxMesh.Core.Model;

namespace VxMesh.Agent.Tests.Reconcile;

/// <summary>Routes and nexthop objects of ours that drifted are put back, reusing what is still right.</summary>
public class RouteDriftTests
{
    private static readonly IPNetwork Block003 = IPNetwork.Parse("10.235.88.0/24");

    [Fact]
    public void Reconcile_RouteDeleted_ReaddedViaTheSameNexthop()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        var nexthop = harness.Kernel.Route("10.235.88.0/24")!.NexthopId!.Value;
        harness.Kernel.DeleteRoute(Block003, Ownership.RouteProtocol);

        var report = harness.Resync(TestMesh.Article());

        Assert.Equal([new ReplaceRoute(Block003, nexthop)], ReconcileHarness.Ops(report));
        KernelAssert.Matches(TestMesh.Plan(TestMesh.Article()), harness.Kernel);
    }

    [Fact]
    public void Reconcile_StaleRouteOfOurs_Deleted()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        var stale = IPNetwork.Parse("10.235.99.0/24");
        harness.Kernel.ReplaceRoute(stale, harness.Kernel.Route("10.235.88.0/24")!.NexthopId!.Value, Ownership.RouteProtocol);

        var report = harness.Resync(TestMesh.Article());

        Assert.Equal([new DeleteRoute(stale)], ReconcileHarness.Ops(report));
        KernelAssert.Matches(TestMesh.Plan(TestMesh.Article()), harness.Kernel);
    }

    /// <summary>The object is keyed by id: rewriting it back in place moves every route using it at once.</summary>
    [Fact]
    public void Reconcile_NexthopGatewayRewrittenByHand_ObjectRewrittenBackInPlace()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        var old = harness.Kernel.Route("10.235.88.0/24")!.NexthopId!.Value;
        harness.Kernel.ReplaceNexthop(old, IPAddress.Parse("179.17.1.200"), TestMesh.Device, onlink: false, Ownership.RouteProtocol);

        var report = harness.Resync(TestMesh.Article());

        var op = Assert.Single(ReconcileHarness.Ops(report));
        Assert.Equal(new ReplaceNexthop(old, IPAddress.Parse("179.17.1.16"), TestMesh.Device, Onlink: false), op);
        Assert.Equal(old, harness.Kernel.Route("10.235.88.0/24")!.NexthopId);
        KernelAssert.Matches(TestMesh.Plan(TestMesh.Article()), harness.Kernel);
    }

    [Fact]
    public void Reconcile_RoutePointedAtAnotherPeersNexthop_PointedBack()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        var right = harness.Kernel.Route("10.235.88.0/24")!.NexthopId!.Value;
        var wrong = harness.Kernel.Route("10.235.113.0/24")!.NexthopId!.Value;
        harness.Kernel.ReplaceRoute(Block003, wrong, Ownership.RouteProtocol);

        var report = harness.Resync(TestMesh.Article());

        Assert.Equal([new ReplaceRoute(Block003, right)], ReconcileHarness.Ops(report));
    }
}
