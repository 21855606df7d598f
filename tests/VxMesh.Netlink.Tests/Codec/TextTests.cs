using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace VxMesh.Netlink.Tests.Codec;

/// <summary>Records print like ip/bridge; requests describe themselves from their bytes.</summary>
public sealed class TextTests
{
    private static readonly Func<int, string?> Names = i => i switch { 3 => "eth0", 4 => "vxmesh0", _ => null };

    [Fact]
    public void RouteToString_ViaNexthop_ReadsLikeIpRoute()
    {
        var route = new RouteInfo(IPNetwork.Parse("10.1.0.0/24"), IPAddress.Parse("198.18.0.2"), 4, 7, 118, 254, 1, 0, null, true);
        Assert.Equal("10.1.0.0/24 nhid 7 via 198.18.0.2 dev vxmesh0 proto 118 onlink", route.ToString(Names));
        Assert.Equal("10.1.0.0/24 nhid 7 via 198.18.0.2 dev if4 proto 118 onlink", route.ToString());
    }

    [Fact]
    public void RouteToString_KernelLinkRoute_ShowsScope() =>
        Assert.Equal(
            "198.18.0.0/24 dev eth0 proto kernel scope link",
            new RouteInfo(IPNetwork.Parse("198.18.0.0/24"), null, 3, null, 2, 254, 1, 253, null, false).ToString(Names));

    [Fact]
    public void OtherRecords_ToString_ReadLikeIproute2()
    {
        var mac = PhysicalAddress.Parse("02:00:00:00:00:05");
        Assert.Equal("198.19.0.5 dev vxmesh0 lladdr 02:00:00:00:00:05 PERMANENT", new NeighborInfo(4, IPAddress.Parse("198.19.0.5"), mac, 0x80, 0).ToString(Names));
        Assert.Equal("02:00:00:00:00:05 dev vxmesh0 dst 198.18.0.2 self permanent", new FdbInfo(4, mac, IPAddress.Parse("198.18.0.2"), 0xc0, 2, null).ToString(Names));
        Assert.Equal("id 7 via 198.18.0.2 dev eth0 proto 118 onlink", new NexthopInfo(7, AddressFamily.InterNetwork, IPAddress.Parse("198.18.0.2"), 3, true, 118, false).ToString(Names));
        Assert.Equal("inet 198.18.0.1/24 scope global dev eth0", new AddressInfo(3, AddressFamily.InterNetwork, IPAddress.Parse("198.18.0.1"), 24, 0).ToString(Names));
        var vxlan = new VxlanInfo(42, 4789, IPAddress.Parse("198.18.0.1"), 3, false);
        Assert.Equal(
            "4: vxmesh0 vxlan mtu 1450 up link/ether 02:00:00:00:00:05 vxlan id 42 local 198.18.0.1 dev eth0 dstport 4789 nolearning",
            new LinkInfo(4, "vxmesh0", "vxlan", mac, 1450, true, null, vxlan).ToString(Names));
    }

    [Fact]
    public void RequestDescription_EachKind_NamesTypeAndKey()
    {
        var mac = PhysicalAddress.Parse("02:00:00:00:00:05");
        Assert.Equal("RTM_NEWROUTE 198.19.1.0/24", RtnlRequest.ReplaceRoute(RouteSpec.ViaNexthop(IPNetwork.Parse("198.19.1.0/24"), 7, 118)).Description);
        Assert.Equal("RTM_DELROUTE 198.19.1.0/24 table 1000", RtnlRequest.DeleteRoute(IPNetwork.Parse("198.19.1.0/24"), 1000).Description);
        Assert.Equal("RTM_NEWNEIGH 198.19.0.5 lladdr 02:00:00:00:00:05 index 4", RtnlRequest.ReplaceNeighbor(4, IPAddress.Parse("198.19.0.5"), mac).Description);
        Assert.Equal("RTM_NEWNEIGH fdb 02:00:00:00:00:05 dst 198.18.0.2 index 4", RtnlRequest.ReplaceFdb(4, mac, IPAddress.Parse("198.18.0.2")).Description);
        Assert.Equal("RTM_NEWNEXTHOP id 7 via 198.18.0.2 index 3", RtnlRequest.ReplaceNexthop(7, IPAddress.Parse("198.18.0.2"), 3, true, 118).Description);
        Assert.Equal("RTM_NEWADDR 198.18.0.9/24 index 3", RtnlRequest.ReplaceAddress(3, IPAddress.Parse("198.18.0.9"), 24).Description);
        Assert.Equal("RTM_NEWLINK vxmesh0", RtnlRequest.CreateVxlan(new VxlanLinkSpec("vxmesh0", 1, 4789, IPAddress.Parse("198.18.0.1"), null, null, null)).Description);
        Assert.Equal("RTM_DELLINK index 5", RtnlRequest.DeleteLink(5).Description);
    }
}
