using System.Net;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;
using VxMesh.Netlink;

namespace VxMesh.Agent.Tests.Fakes;

/// <summary>
/// The fake kernel's side effects and errnos, each one checked once by hand against Linux
/// 6.x with iproute2 in a scratch namespace — the reconciler tests are only as good as these.
/// </summary>
public class FakeKernelTests
{
    private const string Dev = "vx0";
    private static readonly IPAddress Gw = IPAddress.Parse("179.17.1.16");
    private static readonly System.Net.NetworkInformation.PhysicalAddress PeerMac = Mac.Parse("36:f9:67:c0:70:1c");

    private static FakeKernel Programmed()
    {
        var k = FakeDataplane.ForNode("192.168.0.21").Kernel;
        Assert.Equal(0, k.CreateVxlan(new VxlanDevice(Dev, 42, 4899, IPAddress.Parse("192.168.0.21"), "eth0", Mac.Parse("02:00:00:00:00:21"), 1450, true)));
        Assert.Equal(0, k.SetLink(Dev, up: true));
        Assert.Equal(0, k.ReplaceAddress(Dev, new InterfaceAddress(IPAddress.Parse("179.17.1.21"), 24)));
        Assert.Equal(0, k.ReplaceNeighbor(Dev, Gw, PeerMac));
        Assert.Equal(0, k.ReplaceFdb(Dev, PeerMac, IPAddress.Parse("192.168.0.16")));
        Assert.Equal(0, k.ReplaceNexthop(100, Gw, Dev, onlink: false, Ownership.RouteProtocol));
        Assert.Equal(0, k.ReplaceRoute(IPNetwork.Parse("10.235.88.0/24"), 100, Ownership.RouteProtocol));
        return k;
    }

    [Fact]
    public void DeleteNexthop_UsedByRoute_RouteGoesToo()
    {
        var k = Programmed();

        Assert.Equal(0, k.DeleteNexthop(100));

        Assert.Empty(k.Routes);
    }

    [Fact]
    public void DeleteLink_Programmed_EverythingOnItGone()
    {
        var k = Programmed();

        Assert.Equal(0, k.DeleteLink(Dev));

        Assert.Empty(k.AddressesOn(Dev));
        Assert.Empty(k.NeighborsOn(Dev));
        Assert.Empty(k.FdbOn(Dev));
        Assert.Empty(k.Nexthops);
        Assert.Empty(k.Routes);
    }

    [Fact]
    public void SetLinkDown_Programmed_NeighborsNexthopsRoutesFlushedFdbKept()
    {
        var k = Programmed();

        k.SetLink(Dev, up: false);

        Assert.Empty(k.NeighborsOn(Dev));
        Assert.Empty(k.Nexthops);
        Assert.Empty(k.Routes);
        Assert.Single(k.FdbOn(Dev));
    }

    [Fact]
    public void DeleteAddress_LastOne_ArpFlushedNexthopsKept()
    {
        var k = Programmed();

        k.DeleteAddress(Dev, new InterfaceAddress(IPAddress.Parse("179.17.1.21"), 24));

        Assert.Empty(k.NeighborsOn(Dev));
        Assert.Single(k.Nexthops);
        Assert.Single(k.Routes);
    }

    [Fact]
    public void DeleteAddress_PrimaryWithSecondary_SecondaryGoesToo()
    {
        var k = Programmed();
        k.ReplaceAddress(Dev, new InterfaceAddress(IPAddress.Parse("179.17.1.121"), 24));

        k.DeleteAddress(Dev, new InterfaceAddress(IPAddress.Parse("179.17.1.21"), 24));

        Assert.Empty(k.AddressesOn(Dev));
    }

    [Fact]
    public void ReplaceNexthop_DeviceDownOrGatewayOffSubnet_Refused()
    {
        var k = Programmed();

        Assert.Equal(Errno.EINVAL, k.ReplaceNexthop(101, IPAddress.Parse("10.0.0.1"), Dev, onlink: false, Ownership.RouteProtocol));
        Assert.Equal(0, k.ReplaceNexthop(101, IPAddress.Parse("10.0.0.1"), Dev, onlink: true, Ownership.RouteProtocol));
        k.SetLink(Dev, up: false);
        Assert.Equal(Errno.ENETDOWN, k.ReplaceNexthop(102, Gw, Dev, onlink: true, Ownership.RouteProtocol));
    }

    [Fact]
    public void ReplaceFdb_MacWithRemote_RewritesItAndDeleteOfOldRemoteSucceedsAsNoop()
    {
        var k = Programmed();

        k.ReplaceFdb(Dev, PeerMac, IPAddress.Parse("192.168.0.116"));

        Assert.Equal([new KernelFdb(Dev, PeerMac, IPAddress.Parse("192.168.0.116"), Marked: true)], k.FdbOn(Dev));
        Assert.Equal(0, k.DeleteFdb(Dev, PeerMac, IPAddress.Parse("192.168.0.16")));
        Assert.Single(k.FdbOn(Dev));
    }

    [Fact]
    public void ReplaceFdb_Mark_SetOnlyWhenCreatedAndClearedByAReplaceWithoutIt()
    {
        var k = Programmed();
        var dst = IPAddress.Parse("192.168.0.116");

        k.ReplaceFdb(Dev, PeerMac, dst, marked: false);
        Assert.False(k.FdbOn(Dev).Single().Marked);
        k.ReplaceFdb(Dev, PeerMac, dst, marked: true);
        Assert.False(k.FdbOn(Dev).Single().Marked);
        k.DeleteFdb(Dev, PeerMac, dst);
        k.ReplaceFdb(Dev, PeerMac, dst, marked: true);
        Assert.True(k.FdbOn(Dev).Single().Marked);
    }

    [Fact]
    public void ReplaceNeighbor_WithoutProtocol_KeepsTheEntrysProtocol()
    {
        var k = Programmed();
        var ip = k.NeighborsOn(Dev)[0].Ip;

        k.ReplaceNeighbor(Dev, ip, PeerMac, protocol: 0);

        Assert.Equal(Ownership.RouteProtocol, k.NeighborsOn(Dev).Single(n => n.Ip.Equals(ip)).Protocol);
    }

    [Fact]
    public void Delete_Absent_KernelsNotFoundErrnos()
    {
        var k = Programmed();

        Assert.Equal(Errno.ESRCH, k.DeleteRoute(IPNetwork.Parse("10.99.0.0/24"), Ownership.RouteProtocol));
        Assert.Equal(Errno.ESRCH, k.DeleteRoute(IPNetwork.Parse("10.235.88.0/24"), protocol: 4));
        Assert.Equal(Errno.ENOENT, k.DeleteNexthop(999));
        Assert.Equal(Errno.ENOENT, k.DeleteNeighbor(Dev, IPAddress.Parse("179.17.1.99")));
        Assert.Equal(Errno.ENOENT, k.DeleteFdb(Dev, Mac.Parse("02:00:00:00:00:99"), Gw));
        Assert.Equal(Errno.EADDRNOTAVAIL, k.DeleteAddress(Dev, new InterfaceAddress(IPAddress.Parse("179.17.1.99"), 24)));
        Assert.Equal(Errno.ENODEV, k.DeleteLink("nope"));
    }
}
