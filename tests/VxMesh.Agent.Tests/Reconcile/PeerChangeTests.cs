using System.Net;
using VxMesh.Agent.Dataplane;
using VxMesh.Agent.Tests.Fakes;
using VxMesh.Core.Model;

namespace VxMesh.Agent.Tests.Reconcile;

/// <summary>A peer leaves, arrives or moves: exactly its entries change.</summary>
public class PeerChangeTests
{
    private const string Dev = TestMesh.Device;

    [Fact]
    public void Reconcile_PeerRemoved_ItsRouteNexthopArpAndFdbRemovedAndNothingElse()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        var nexthop = harness.Kernel.Route("10.235.88.0/24")!.NexthopId!.Value;
        var group = harness.Kernel.Route("10.235.0.0/18")!.NexthopId!.Value;
        var staying = harness.Kernel.Route("10.235.113.0/24")!.NexthopId!.Value;
        var without = TestMesh.Article().WithoutNode("multicluster-test-003");

        var report = harness.Reconcile(without);

        Assert.True(report.Converged, ReconcileHarness.Describe(report));
        Assert.Equal(
            [
                new DeleteRoute(IPNetwork.Parse("10.235.88.0/24")),
                new DeleteFdb(Dev, Mac.Parse("36:f9:67:c0:70:1c"), IPAddress.Parse("192.168.0.16")),
                new DeleteNeighbor(Dev, IPAddress.Parse("179.17.1.16")),
                new RemoveIngressSources(ValueList.Of(IPAddress.Parse("192.168.0.16"))),
                new ReplaceNexthopGroup(group, ValueList.Of(staying), Core.Planning.ServiceGroups.Shape),
                new DeleteNexthop(nexthop),
            ],
            ReconcileHarness.Ops(report));
        Assert.DoesNotContain(IPAddress.Parse("192.168.0.16"), harness.Kernel.Ingress!.AllowedSources);
        KernelAssert.Matches(TestMesh.Plan(without), harness.Kernel);
    }

    [Fact]
    public void Reconcile_PeerAdded_OnlyItsEntriesAdded()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        var grown = TestMesh.Article().WithNodeAdded("test-cluster2", TestMesh.NewNode());

        var report = harness.Reconcile(grown);

        Assert.True(report.Converged, ReconcileHarness.Describe(report));
        var ops = ReconcileHarness.Ops(report);
        Assert.Equal(6, ops.Count);
        Assert.Contains(ops, o => o is ReplaceNexthopGroup { Members.Count: 3 });
        Assert.Equal(new AddIngressSources(ValueList.Of(IPAddress.Parse("192.168.0.77"))), ops[0]);
        Assert.Contains(new ReplaceNeighbor(Dev, IPAddress.Parse("179.17.1.77"), Mac.Parse("0a:00:00:00:00:77")), ops);
        Assert.Contains(new ReplaceFdb(Dev, Mac.Parse("0a:00:00:00:00:77"), IPAddress.Parse("192.168.0.77")), ops);
        Assert.Contains(ops, o => o is ReplaceNexthop { Gateway: var g } && g.ToString() == "179.17.1.77");
        Assert.Contains(ops, o => o is ReplaceRoute { Destination: var d } && d.ToString() == "10.235.77.0/24");
        KernelAssert.Matches(TestMesh.Plan(grown), harness.Kernel);
    }

    [Fact]
    public void Reconcile_PeerUnderlayChanged_FdbRewrittenWithoutRouteOrArpChurn()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        var moved = TestMesh.Article().WithNode("multicluster-test-003", n => n with { Ip = IPAddress.Parse("192.168.0.116") });

        var report = harness.Reconcile(moved);

        var ops = ReconcileHarness.Ops(report);
        // The filter follows the move (the old address out, the new one in), then the FDB entry is rewritten in place.
        Assert.Equal(new RemoveIngressSources(ValueList.Of(IPAddress.Parse("192.168.0.16"))), ops[0]);
        Assert.Equal(new AddIngressSources(ValueList.Of(IPAddress.Parse("192.168.0.116"))), ops[1]);
        Assert.Equal(new ReplaceFdb(Dev, Mac.Parse("36:f9:67:c0:70:1c"), IPAddress.Parse("192.168.0.116")), ops[2]);
        Assert.All(ops.Skip(2), o => Assert.True(o is ReplaceFdb or DeleteFdb, $"unexpected {o}"));
        Assert.Equal(
            ["36:f9:67:c0:70:1c dst 192.168.0.116"],
            harness.Kernel.FdbOn(Dev).Where(f => Mac.Format(f.Mac) == "36:f9:67:c0:70:1c").Select(f => $"{Mac.Format(f.Mac)} dst {f.Destination}"));
        KernelAssert.Matches(TestMesh.Plan(moved), harness.Kernel);
    }

    /// <summary>
    /// The replace rewrites the peer's only remote, so the cleanup delete of the old remote
    /// finds no such remote; the vxlan driver answers that with success (checked on a real
    /// kernel), so the pass converges.
    /// </summary>
    [Fact]
    public void Reconcile_PeerUnderlayChanged_ConvergesInOnePass()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        var moved = TestMesh.Article().WithNode("multicluster-test-003", n => n with { Ip = IPAddress.Parse("192.168.0.116") });

        var report = harness.Reconcile(moved);

        Assert.True(report.Converged, ReconcileHarness.Describe(report));
    }

    [Fact]
    public void Reconcile_PeerMacChanged_ArpAndFdbRewrittenWithoutRouteChurn()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        var remac = TestMesh.Article().WithNode("multicluster-test-003", n => n with { VtepMac = Mac.Parse("0a:00:00:00:00:03") });

        var report = harness.Reconcile(remac);

        Assert.True(report.Converged, ReconcileHarness.Describe(report));
        Assert.DoesNotContain(ReconcileHarness.Ops(report), o => o is ReplaceRoute or DeleteRoute or ReplaceNexthop or DeleteNexthop);
        KernelAssert.Matches(TestMesh.Plan(remac), harness.Kernel);
    }

    [Fact]
    public void Reconcile_PeerVtepIpChanged_RoutesMovedToANewNexthopAndOldOneDeleted()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        var old = harness.Kernel.Route("10.235.88.0/24")!.NexthopId!.Value;
        var renumbered = TestMesh.Article().WithNode("multicluster-test-003", n => n with { VtepIp = IPAddress.Parse("179.17.1.116") });

        var report = harness.Reconcile(renumbered);

        Assert.True(report.Converged, ReconcileHarness.Describe(report));
        Assert.Contains(new DeleteNexthop(old), ReconcileHarness.Ops(report));
        Assert.Contains(new DeleteNeighbor(Dev, IPAddress.Parse("179.17.1.16")), ReconcileHarness.Ops(report));
        KernelAssert.Matches(TestMesh.Plan(renumbered), harness.Kernel);
    }
}
