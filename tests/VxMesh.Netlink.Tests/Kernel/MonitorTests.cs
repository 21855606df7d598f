using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;
using VxMesh.Netlink.Tests.Infrastructure;

namespace VxMesh.Netlink.Tests.Kernel;

public sealed class MonitorTests : KernelTest
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);
    private static readonly IPNetwork Pod = IPNetwork.Parse("198.19.1.0/24");

    [Fact]
    public void Read_IpRouteDel_ReportsDelRouteWithParsedRoute()
    {
        Client.ReplaceRoute(RouteSpec.ViaGateway(Pod, IPAddress.Parse("198.18.0.2"), Eth0, onlink: true, 118));
        using var monitor = RtnlMonitor.OpenInNamespace(Ns.Name);

        Ns.Ip("route", "del", "198.19.1.0/24");

        var route = (RouteInfo)Await(monitor, e => e.Kind == RtnlEventKind.DelRoute).Subject;
        Assert.Equal(new RouteInfo(Pod, IPAddress.Parse("198.18.0.2"), Eth0, null, 118, 254, 1, 0, null, true), route);
    }

    [Fact]
    public void Read_NexthopAdded_ReportsNewNexthopFromGroupAbove31()
    {
        using var monitor = RtnlMonitor.OpenInNamespace(Ns.Name);

        Ns.Ip("nexthop", "add", "id", "7", "via", "198.18.0.2", "dev", "eth0", "onlink", "proto", "118");

        var nexthop = (NexthopInfo)Await(monitor, e => e.Kind == RtnlEventKind.NewNexthop).Subject;
        Assert.Equal(7u, nexthop.Id);
        Assert.True(nexthop.Onlink);
    }

    [Fact]
    public void Read_NeighborAndFdb_ReportEachAsItsOwnRecord()
    {
        var vx = Ns.CreateVxlanWithIp(Vxlan, 42);
        using var monitor = RtnlMonitor.OpenInNamespace(Ns.Name);

        Ns.Ip("neigh", "replace", "198.19.0.5", "lladdr", "02:00:00:00:00:05", "dev", Vxlan, "nud", "permanent");
        Tool.Run("bridge", ["-n", Ns.Name, "fdb", "replace", "02:00:00:00:00:05", "dev", Vxlan, "dst", "198.18.0.2", "self", "permanent"]);

        var neighbor = (NeighborInfo)Await(monitor, e => e.Subject is NeighborInfo).Subject;
        var fdb = (FdbInfo)Await(monitor, e => e.Subject is FdbInfo).Subject;
        Assert.Equal(new NeighborInfo(vx, IPAddress.Parse("198.19.0.5"), PhysicalAddress.Parse("02:00:00:00:00:05"), 0x80, 0), neighbor);
        Assert.Equal(IPAddress.Parse("198.18.0.2"), fdb.Dst);
    }

    [Fact]
    public void Read_LinkAndAddress_ReportNewLinkAndNewAddr()
    {
        using var monitor = RtnlMonitor.OpenInNamespace(Ns.Name);

        Ns.CreateVxlanWithIp(Vxlan, 42, up: false);
        Ns.Ip("addr", "add", "198.18.5.1/24", "dev", Vxlan);

        // Late events of the underlay set-up (eth0 gaining carrier) may come first; look for ours.
        var link = (LinkInfo)Await(monitor, e => e is { Kind: RtnlEventKind.NewLink, Subject: LinkInfo { Name: Vxlan } }).Subject;
        var address = (AddressInfo)Await(monitor, e => e.Kind == RtnlEventKind.NewAddr).Subject;
        Assert.Equal("vxlan", link.Kind);
        Assert.Equal(new AddressInfo(link.Index, System.Net.Sockets.AddressFamily.InterNetwork, IPAddress.Parse("198.18.5.1"), 24, 0), address);
    }

    [Fact]
    public void Read_NothingHappens_ReturnsNullAfterTimeout()
    {
        using var monitor = RtnlMonitor.OpenInNamespace(Ns.Name);
        var clock = Stopwatch.StartNew();

        Assert.Null(monitor.Read(TimeSpan.FromMilliseconds(200)));
        // It waited (no upper bound: on a loaded machine the wake-up may come late).
        Assert.True(clock.ElapsedMilliseconds >= 150, $"returned after {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Read_ReceiveQueueOverflows_ReportsOverrun()
    {
        var vx = Ns.CreateVxlanWithIp(Vxlan, 42);
        using var monitor = RtnlMonitor.OpenInNamespace(Ns.Name, receiveBufferBytes: 4096);

        Client.Execute(new PeerSet(500).Requests(vx)); // about 2,000 notifications into a few-KiB queue

        Assert.IsType<RtnlOverrun>(Await(monitor, e => e.Kind == RtnlEventKind.Overrun).Subject);
    }

    private static RtnlEvent Await(RtnlMonitor monitor, Func<RtnlEvent, bool> wanted)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < Patience)
        {
            if (monitor.Read(Patience - deadline.Elapsed) is { } e && wanted(e))
            {
                return e;
            }
        }

        throw new Xunit.Sdk.XunitException("the expected event did not arrive within 5 s");
    }
}
