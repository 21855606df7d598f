using System.Net;
using VxMesh.Agent.Dataplane;
using VxMesh.Agent.Tests.Fakes;
using VxMesh.Core.Model;

namespace VxMesh.Agent.Tests.Reconcile;

/// <summary>
/// Neighbour and FDB entries on our device that VxMesh did not make (no protocol 118, no extern_learn):
/// never overwritten or deleted; adopted when they are exactly what the plan wants; a conflict otherwise.
/// </summary>
public class EntryOwnershipTests
{
    private const string Dev = TestMesh.Device;
    private const string Peer003Vtep = "179.17.1.16";
    private const string Peer003Mac = "36:f9:67:c0:70:1c";
    private static readonly IPAddress Peer003Underlay = IPAddress.Parse("192.168.0.16");

    private static ReconcileHarness WithoutPeer003()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        harness.Kernel.DeleteNeighbor(Dev, IPAddress.Parse(Peer003Vtep));
        harness.Kernel.DeleteFdb(Dev, Mac.Parse(Peer003Mac), Peer003Underlay);
        return harness;
    }

    [Fact]
    public void Reconcile_ForeignNeighborWithAnotherMac_IsAConflict_NeverOverwritten_TheRestConverges()
    {
        var harness = WithoutPeer003();
        harness.Kernel.AddNeighbor(Dev, Peer003Vtep, "02:00:00:00:00:99", permanent: true);

        var report = harness.Resync(TestMesh.Article());
        var again = harness.Resync(TestMesh.Article());

        var conflict = Assert.Single(report.EntryConflicts);
        Assert.Equal(("neighbor", $"{Peer003Vtep} dev {Dev}", "lladdr 02:00:00:00:00:99", $"lladdr {Peer003Mac}"),
            (conflict.Table, conflict.Key, conflict.Theirs, conflict.Wanted));
        Assert.True(report.Converged, ReconcileHarness.Describe(report));
        Assert.Equal([new ReplaceFdb(Dev, Mac.Parse(Peer003Mac), Peer003Underlay)], ReconcileHarness.Ops(report));
        var theirs = harness.Kernel.NeighborsOn(Dev).Single(n => n.Ip.ToString() == Peer003Vtep);
        Assert.Equal(("02:00:00:00:00:99", (byte)0), (Mac.Format(theirs.Mac!), theirs.Protocol));
        Assert.Empty(again.Results);
        Assert.Single(again.EntryConflicts);
    }

    [Fact]
    public void Reconcile_ForeignNeighborWithThePlansMac_AdoptedByOneReplace()
    {
        var harness = WithoutPeer003();
        harness.Kernel.AddNeighbor(Dev, Peer003Vtep, Peer003Mac, permanent: true);

        var report = harness.Resync(TestMesh.Article());

        Assert.Empty(report.EntryConflicts);
        Assert.Contains(new ReplaceNeighbor(Dev, IPAddress.Parse(Peer003Vtep), Mac.Parse(Peer003Mac)), ReconcileHarness.Ops(report));
        Assert.Equal(Ownership.RouteProtocol, harness.Kernel.NeighborsOn(Dev).Single(n => n.Ip.ToString() == Peer003Vtep).Protocol);
        KernelAssert.Matches(TestMesh.Plan(TestMesh.Article()), harness.Kernel);
    }

    [Fact]
    public void Reconcile_ForeignNeighborNobodyWants_NeverDeleted()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        harness.Kernel.AddNeighbor(Dev, "179.17.1.99", "02:00:00:00:00:99", permanent: true);

        var report = harness.Resync(TestMesh.Article());

        Assert.Empty(report.Results);
        Assert.Empty(report.EntryConflicts);
        Assert.Contains(harness.Kernel.NeighborsOn(Dev), n => n.Ip.ToString() == "179.17.1.99" && n.Protocol == 0);
    }

    [Fact]
    public void Reconcile_ForeignFdbWithAnotherRemote_IsAConflict_NeverOverwritten()
    {
        var harness = WithoutPeer003();
        harness.Kernel.AppendFdb(Dev, Peer003Mac, "192.168.0.99");

        var report = harness.Resync(TestMesh.Article());

        var conflict = Assert.Single(report.EntryConflicts);
        Assert.Equal(("fdb", $"{Peer003Mac} dev {Dev}", "dst 192.168.0.99", "dst 192.168.0.16"), (conflict.Table, conflict.Key, conflict.Theirs, conflict.Wanted));
        Assert.True(report.Converged, ReconcileHarness.Describe(report));
        Assert.DoesNotContain(ReconcileHarness.Ops(report), o => o is ReplaceFdb or DeleteFdb);
        Assert.Equal([new KernelFdb(Dev, Mac.Parse(Peer003Mac), IPAddress.Parse("192.168.0.99"), Marked: false)],
            harness.Kernel.FdbOn(Dev).Where(f => Mac.Format(f.Mac) == Peer003Mac));
    }

    [Fact]
    public void Reconcile_ForeignFdbWithThePlansRemote_AdoptedByADeleteAndAnAdjacentCreate()
    {
        var harness = WithoutPeer003();
        harness.Kernel.AppendFdb(Dev, Peer003Mac, "192.168.0.16");

        var ops = ReconcileHarness.Ops(harness.Resync(TestMesh.Article())).ToList();

        var delete = ops.IndexOf(new DeleteFdb(Dev, Mac.Parse(Peer003Mac), Peer003Underlay));
        Assert.True(delete >= 0, string.Join("\n", ops));
        Assert.Equal(new ReplaceFdb(Dev, Mac.Parse(Peer003Mac), Peer003Underlay), ops[delete + 1]);
        Assert.True(harness.Kernel.FdbOn(Dev).Single(f => Mac.Format(f.Mac) == Peer003Mac).Marked);
        KernelAssert.Matches(TestMesh.Plan(TestMesh.Article()), harness.Kernel);
    }

    [Fact]
    public void Reconcile_ForeignFloodEntry_NeverDeleted()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        harness.Kernel.AppendFdb(Dev, "00:00:00:00:00:00", "192.168.0.99");

        var report = harness.Resync(TestMesh.Article());

        Assert.Empty(report.Results);
        Assert.Contains(harness.Kernel.FdbOn(Dev), f => Mac.Format(f.Mac) == "00:00:00:00:00:00" && !f.Marked);
    }

    [Fact]
    public void Reconcile_ConflictingEntriesRemoved_PeerProgrammedAtTheNextResync()
    {
        var harness = WithoutPeer003();
        harness.Kernel.AddNeighbor(Dev, Peer003Vtep, "02:00:00:00:00:99", permanent: true);
        harness.Kernel.AppendFdb(Dev, Peer003Mac, "192.168.0.99");
        Assert.Equal(2, harness.Resync(TestMesh.Article()).EntryConflicts.Count);

        harness.Kernel.DeleteNeighbor(Dev, IPAddress.Parse(Peer003Vtep));
        harness.Kernel.DeleteFdb(Dev, Mac.Parse(Peer003Mac), IPAddress.Parse("192.168.0.99"));
        var report = harness.Resync(TestMesh.Article());

        Assert.Empty(report.EntryConflicts);
        KernelAssert.Matches(TestMesh.Plan(TestMesh.Article()), harness.Kernel);
    }

    [Fact]
    public void Absorb_ForeignEntryAppears_Resyncs_KnownOneDoesNot()
    {
        var harness = WithoutPeer003();
        var foreign = new ForeignFdb(new Core.Planning.FdbEntry(Mac.Parse(Peer003Mac), IPAddress.Parse("192.168.0.99")));
        var neighbor = new ObservedNeighbor(IPAddress.Parse(Peer003Vtep), Mac.Parse("02:00:00:00:00:99"), Permanent: true, Ours: false);

        Assert.True(harness.Reconciler.Absorb([new DataplaneEvent(DataplaneEventKind.Added, foreign)]));
        harness.Kernel.AppendFdb(Dev, Peer003Mac, "192.168.0.99");
        harness.Kernel.AddNeighbor(Dev, Peer003Vtep, "02:00:00:00:00:99", permanent: true);
        harness.Resync(TestMesh.Article());

        Assert.False(harness.Reconciler.Absorb([new DataplaneEvent(DataplaneEventKind.Added, foreign), new DataplaneEvent(DataplaneEventKind.Added, neighbor)]));
        Assert.True(harness.Reconciler.Absorb([new DataplaneEvent(DataplaneEventKind.Removed, neighbor)]));
    }

    [Fact]
    public void Uninstall_ForeignEntriesOnOurDevice_DeviceAndTheirEntriesStay_OursGo()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        harness.Kernel.AddNeighbor(Dev, "179.17.1.99", "02:00:00:00:00:99", permanent: true);
        harness.Kernel.AppendFdb(Dev, "00:00:00:00:00:00", "192.168.0.99");

        var report = harness.Reconciler.Uninstall(Dev);

        Assert.True(report.Converged, ReconcileHarness.Describe(report));
        Assert.NotNull(harness.Kernel.Link(Dev));
        Assert.Equal(["179.17.1.99"], harness.Kernel.NeighborsOn(Dev).Select(n => n.Ip.ToString()));
        Assert.Equal(["00:00:00:00:00:00"], harness.Kernel.FdbOn(Dev).Select(f => Mac.Format(f.Mac)));
        Assert.DoesNotContain(harness.Kernel.Routes, r => r.Ours);
        Assert.Null(harness.Kernel.Ingress);
    }
}
