using System.Net;
using System.Net.Sockets;
using VxMesh.Netlink.Tests.Infrastructure;

namespace VxMesh.Netlink.Tests.Kernel;

public sealed class RouteTests : KernelTest
{
    private static readonly IPAddress Gateway = IPAddress.Parse(TestNamespace.PeerUnderlayAddress);
    private static readonly IPNetwork Pod = IPNetwork.Parse("198.19.1.0/24");

    [Fact]
    public void ReplaceRoute_ViaNexthopId_IpShowsNhidAndExpandedGateway()
    {
        Client.ReplaceNexthop(7, Gateway, Eth0, onlink: true, protocol: Proto);

        Client.ReplaceRoute(RouteSpec.ViaNexthop(Pod, 7, Proto));

        var route = Assert.Single(Ns.IpJson("route", "show", "198.19.1.0/24").Items());
        Assert.Equal(7, route.Int("nhid"));
        Assert.Equal("198.18.0.2", route.Str("gateway"));
        Assert.Equal("eth0", route.Str("dev"));
        Assert.Equal("118", route.Str("protocol"));
        Assert.Equal(["onlink"], route.Strings("flags"));
    }

    [Fact]
    public void ReplaceRoute_ViaGatewayOnlinkProto118_IpShowsIt()
    {
        Client.ReplaceRoute(RouteSpec.ViaGateway(Pod, IPAddress.Parse("198.18.7.7"), Eth0, onlink: true, Proto));

        var route = Assert.Single(Ns.IpJson("route", "show", "198.19.1.0/24").Items());
        Assert.Null(route.Int("nhid"));
        Assert.Equal("198.18.7.7", route.Str("gateway"));
        Assert.Equal("118", route.Str("protocol"));
        Assert.Equal(["onlink"], route.Strings("flags"));
    }

    [Fact]
    public void ReplaceRoute_Existing_SwitchesToOtherNexthop()
    {
        Client.ReplaceNexthop(7, Gateway, Eth0, onlink: true, protocol: Proto);
        Client.ReplaceNexthop(8, IPAddress.Parse("198.18.0.3"), Eth0, onlink: true, protocol: Proto);
        Client.ReplaceRoute(RouteSpec.ViaNexthop(Pod, 7, Proto));

        Client.ReplaceRoute(RouteSpec.ViaNexthop(Pod, 8, Proto));

        Assert.Equal(8, Assert.Single(Ns.IpJson("route", "show", "198.19.1.0/24").Items()).Int("nhid"));
    }

    [Fact]
    public void ReplaceRoute_UnknownNexthopId_EinvalWithExtAck()
    {
        var error = Assert.Throws<NetlinkException>(() => Client.ReplaceRoute(RouteSpec.ViaNexthop(Pod, 999, Proto)));

        Assert.Equal(Errno.EINVAL, error.Errno);
        Assert.Equal("RTM_NEWROUTE 198.19.1.0/24: EINVAL (Invalid argument): Nexthop id does not exist", error.Message);
    }

    [Fact]
    public void DeleteRoute_Twice_SecondIsNotFoundEsrch()
    {
        Client.ReplaceRoute(RouteSpec.ViaGateway(Pod, Gateway, Eth0, onlink: true, Proto));

        Client.DeleteRoute(Pod, protocol: Proto);
        var error = Assert.Throws<NetlinkException>(() => Client.DeleteRoute(Pod, protocol: Proto));

        Assert.Equal(Errno.ESRCH, error.Errno);
        Assert.True(error.IsNotFound);
    }

    [Fact]
    public void DeleteRoute_OtherProtocol_EsrchAndRouteStays()
    {
        Client.ReplaceRoute(RouteSpec.ViaGateway(Pod, Gateway, Eth0, onlink: true, Proto));

        var error = Assert.Throws<NetlinkException>(() => Client.DeleteRoute(Pod, protocol: 4));

        Assert.Equal(Errno.ESRCH, error.Errno);
        Assert.Single(Ns.IpJson("route", "show", "198.19.1.0/24").Items());
    }

    [Fact]
    public void ReplaceRoute_OtherTable_OnlyThatTableDumpShowsIt()
    {
        Client.ReplaceRoute(RouteSpec.ViaGateway(Pod, Gateway, Eth0, onlink: true, Proto, table: 1000));

        Assert.Equal(Pod, Assert.Single(Client.GetRoutes(AddressFamily.InterNetwork, 1000)).Destination);
        Assert.DoesNotContain(Client.GetRoutes(AddressFamily.InterNetwork), r => r.Destination == Pod);
        Assert.Single(Ns.IpJson("route", "show", "table", "1000").Items());
        Client.DeleteRoute(Pod, 1000, Proto);
        Assert.Empty(Ns.IpJson("route", "show", "table", "1000").Items());
    }

    [Fact]
    public void GetRoutes_MainTable_EqualsIpRouteShow()
    {
        Client.ReplaceNexthop(7, Gateway, Eth0, onlink: true, protocol: Proto);
        Client.ReplaceRoute(RouteSpec.ViaNexthop(Pod, 7, Proto));
        Client.ReplaceRoute(RouteSpec.ViaGateway(IPNetwork.Parse("198.19.2.0/24"), Gateway, Eth0, onlink: true, Proto));
        Ns.Ip("route", "add", "blackhole", "198.19.3.0/24", "metric", "5");

        foreach (var (family, flag) in new[] { (AddressFamily.InterNetwork, "-4"), (AddressFamily.InterNetworkV6, "-6") })
        {
            var ours = Client.GetRoutes(family)
                .Select(r => $"{r.Destination} {r.NexthopId} {r.Gateway} {r.OutIndex} {r.Protocol} {r.Priority} {r.Onlink} {r.Type}")
                .Order();
            var ip = Ns.IpJson(flag, "-d", "route", "show").Items()
                .Select(r => $"{Dst(r, family)} {r.Int("nhid")} {r.Str("gateway")} {(r.Str("dev") is { } dev ? Ns.IndexOf(dev) : null)} {Protocol(r.Str("protocol"))} {r.Int("metric")} {r.Strings("flags").Contains("onlink")} {Type(r.Str("type"))}")
                .Order();
            Assert.Equal(ip, ours);
        }
    }

    private static string Dst(System.Text.Json.JsonElement r, AddressFamily family)
    {
        var dst = r.Str("dst")!;
        return dst == "default" ? (family == AddressFamily.InterNetwork ? "0.0.0.0/0" : "::/0") : dst.Contains('/') ? dst : $"{dst}/{(family == AddressFamily.InterNetwork ? 32 : 128)}";
    }

    private static int Protocol(string? name) => name switch { "kernel" => 2, "boot" => 3, "static" => 4, "ra" => 9, null => 0, _ => int.Parse(name) };

    private static int Type(string? name) => name switch { "unicast" => 1, "local" => 2, "broadcast" => 3, "multicast" => 5, "blackhole" => 6, _ => 0 };
}
