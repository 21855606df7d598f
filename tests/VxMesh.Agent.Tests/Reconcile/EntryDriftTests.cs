using System.Net;
using System.Net.NetworkInformation;
using VxMesh.Agent.Dataplane;
using VxMesh.Agent.Tests.Fakes;
using VxMesh.Core.Model;

namespace VxMesh.Agent.Tests.Reconcile;

/// <summary>Drifted ARP and FDB entries are rewritten one by one; nothing else is touched.</summary>
public class EntryDriftTests
{
    private const string Dev = TestMesh.Device;
    private static readonly IPAddress Peer003Vtep = IPAddress.Parse("179.17.1.16");
    private static readonly PhysicalAddress Peer003Mac = Mac.Parse("36:f9:67:c0:70:1c");

    [Fact]
    public void Reconcile_NeighborMacWrong_OnlyThatNeighborReplaced()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        harness.Kernel.ReplaceNeighbor(Dev, Peer003Vtep, Mac.Parse("02:00:00:00:00:16"));

        var report = harness.Resync(TestMesh.Article());

        Assert.Equal([new ReplaceNeighbor(Dev, Peer003Vtep, Peer003Mac)], ReconcileHarness.Ops(report));
        KernelAssert.Matches(TestMesh.Plan(TestMesh.Article()), harness.Kernel);
    }

    [Fact]
    public void Reconcile_NeighborBecameDynamic_MadePermanentAgain()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        harness.Kernel.DeleteNeighbor(Dev, Peer003Vtep);
        harness.Kernel.AddNeighbor(Dev, "179.17.1.16", "36:f9:67:c0:70:1c", permanent: false);

        var report = harness.Resync(TestMesh.Article());

        Assert.Equal([new ReplaceNeighbor(Dev, Peer003Vtep, Peer003Mac)], ReconcileHarness.Ops(report));
        Assert.True(harness.Kernel.NeighborsOn(Dev).Single(n => n.Ip.Equals(Peer003Vtep)).Permanent);
    }

    [Fact]
    public void Reconcile_StrayNeighborOfOurs_Deleted()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        harness.Kernel.AddNeighbor(Dev, "179.17.1.99", "02:00:00:00:00:99", permanent: true, Ownership.RouteProtocol);

        var report = harness.Resync(TestMesh.Article());

        Assert.Equal([new DeleteNeighbor(Dev, IPAddress.Parse("179.17.1.99"))], ReconcileHarness.Ops(report));
        KernelAssert.Matches(TestMesh.Plan(TestMesh.Article()), harness.Kernel);
    }

    [Fact]
    public void Reconcile_FdbEntryDeleted_OnlyThatEntryReplaced()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        harness.Kernel.DeleteFdb(Dev, Peer003Mac, IPAddress.Parse("192.168.0.16"));

        var report = harness.Resync(TestMesh.Article());

        Assert.Equal([new ReplaceFdb(Dev, Peer003Mac, IPAddress.Parse("192.168.0.16"))], ReconcileHarness.Ops(report));
        KernelAssert.Matches(TestMesh.Plan(TestMesh.Article()), harness.Kernel);
    }

    [Fact]
    public void Reconcile_ExtraFdbRemoteAppended_ExtraRemoteDeleted()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        harness.Kernel.AppendFdb(Dev, "36:f9:67:c0:70:1c", "192.168.0.99");

        var report = harness.Resync(TestMesh.Article());

        Assert.Equal([new DeleteFdb(Dev, Peer003Mac, IPAddress.Parse("192.168.0.99"))], ReconcileHarness.Ops(report));
        KernelAssert.Matches(TestMesh.Plan(TestMesh.Article()), harness.Kernel);
    }

    [Fact]
    public void Reconcile_FdbOfOursForUnknownMac_Deleted()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        harness.Kernel.AppendFdb(Dev, "00:00:00:00:00:00", "192.168.0.99", marked: true);

        var report = harness.Resync(TestMesh.Article());

        Assert.Equal([new DeleteFdb(Dev, Mac.Parse("00:00:00:00:00:00"), IPAddress.Parse("192.168.0.99"))], ReconcileHarness.Ops(report));
    }
}
