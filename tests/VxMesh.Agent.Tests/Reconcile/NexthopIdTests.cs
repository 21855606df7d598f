using VxMesh.Agent.Tests.Fakes;
using VxMesh.Core.Model;

namespace VxMesh.Agent.Tests.Reconcile;

/// <summary>Nexthop ids: allocated from the VxMesh base, around ids others use, and adopted unchanged after a restart.</summary>
public class NexthopIdTests
{
    private const uint Base = Ownership.NexthopIdBase;

    [Fact]
    public void Reconcile_EmptyKernel_IdsFromBaseInGatewayOrder()
    {
        var harness = new ReconcileHarness();

        harness.Reconcile(TestMesh.Article());

        Assert.Equal(
            [(Base, "179.17.1.13"), (Base + 1, "179.17.1.15"), (Base + 2, "179.17.1.16"), (Base + 3, "179.17.1.44")],
            harness.Kernel.Nexthops.Select(n => (n.Id, n.Gateway.ToString())));
    }

    [Fact]
    public void Reconcile_ForeignNexthopsHoldBaseIds_OursSkipThem()
    {
        var harness = new ReconcileHarness();
        harness.Kernel.AddNexthop(Base, "192.168.0.1", "eth0", protocol: 4);
        harness.Kernel.AddNexthop(Base + 2, "192.168.0.2", "eth0", protocol: 4);

        harness.Reconcile(TestMesh.Article());

        Assert.Equal(
            [Base + 1, Base + 3, Base + 4, Base + 5],
            harness.Kernel.Nexthops.Where(n => n.Protocol == Ownership.RouteProtocol).Select(n => n.Id));
        Assert.Equal(4, harness.Kernel.Nexthop(Base)!.Protocol);
        Assert.Equal(4, harness.Kernel.Nexthop(Base + 2)!.Protocol);
    }

    [Fact]
    public void Reconcile_NewReconcilerOverSameKernel_AdoptsEverythingWithoutOps()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        var before = harness.Kernel.Dump();

        var report = harness.NewReconciler().Reconcile(TestMesh.Plan(TestMesh.Article()));

        Assert.Empty(report.Results);
        Assert.Equal(before, harness.Kernel.Dump());
    }

    [Fact]
    public void Reconcile_RestartWithANewPeer_ExistingIdsKeptNewPeerGetsNextFree()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        var before = harness.Kernel.Routes.ToDictionary(r => r.Destination, r => r.NexthopId);

        harness.NewReconciler().Reconcile(TestMesh.Plan(TestMesh.Article().WithNodeAdded("test-cluster2", TestMesh.NewNode())));

        Assert.All(before, kv => Assert.Equal(kv.Value, harness.Kernel.Route(kv.Key.ToString())!.NexthopId));
        Assert.Equal(Base + 4, harness.Kernel.Route("10.235.77.0/24")!.NexthopId);
    }

    [Fact]
    public void Reconcile_DuplicateNexthopsOfOurs_LowestAdoptedOthersDeleted()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        harness.Kernel.AddNexthop(Base + 10, "179.17.1.16", TestMesh.Device, Ownership.RouteProtocol);
        harness.Kernel.AddNexthop(Base + 11, "179.17.1.16", TestMesh.Device, Ownership.RouteProtocol);

        var report = harness.Resync(TestMesh.Article());

        Assert.True(report.Converged, ReconcileHarness.Describe(report));
        Assert.Null(harness.Kernel.Nexthop(Base + 10));
        Assert.Null(harness.Kernel.Nexthop(Base + 11));
        Assert.Equal(Base + 2, harness.Kernel.Route("10.235.88.0/24")!.NexthopId);
        KernelAssert.Matches(TestMesh.Plan(TestMesh.Article()), harness.Kernel);
    }
}
