using System.Net;
using System.Net.Sockets;
using VxMesh.Netlink.Tests.Infrastructure;

namespace VxMesh.Netlink.Tests.Kernel;

public sealed class NexthopTests : KernelTest
{
    private static readonly IPAddress Gateway = IPAddress.Parse(TestNamespace.PeerUnderlayAddress);

    [Fact]
    public void ReplaceNexthop_Onlink_IpShowsGatewayDevProtocolFlag()
    {
        Client.ReplaceNexthop(7, Gateway, Eth0, onlink: true, protocol: Proto);

        var nh = Assert.Single(Ns.IpJson("nexthop", "show").Items());
        Assert.Equal(7, nh.Int("id"));
        Assert.Equal("198.18.0.2", nh.Str("gateway"));
        Assert.Equal("eth0", nh.Str("dev"));
        Assert.Equal("118", nh.Str("protocol"));
        Assert.Equal(["onlink"], nh.Strings("flags"));
    }

    [Fact]
    public void ReplaceNexthop_Existing_ChangesGatewayInPlace()
    {
        Client.ReplaceNexthop(7, Gateway, Eth0, onlink: true, protocol: Proto);
        Client.ReplaceNexthop(7, IPAddress.Parse("198.18.0.3"), Eth0, onlink: false, protocol: Proto);

        var nh = Assert.Single(Client.GetNexthops());
        Assert.Equal(new NexthopInfo(7, AddressFamily.InterNetwork, IPAddress.Parse("198.18.0.3"), Eth0, false, Proto, false), nh);
    }

    [Fact]
    public void ReplaceNexthop_GatewayOffLinkWithoutOnlink_EnetunreachWithExtAck()
    {
        var error = Assert.Throws<NetlinkException>(() => Client.ReplaceNexthop(7, IPAddress.Parse("198.18.9.9"), Eth0, onlink: false, protocol: Proto));

        Assert.Equal(Errno.ENETUNREACH, error.Errno);
        Assert.Equal("Nexthop has invalid gateway", error.ExtAckMessage);
    }

    [Fact]
    public void ReplaceNexthop_OnlinkWithoutCarrier_Enetdown()
    {
        Ns.Ip("link", "set", "eth1", "down"); // eth0 stays up but loses carrier

        var error = Assert.Throws<NetlinkException>(() => Client.ReplaceNexthop(7, Gateway, Eth0, onlink: true, protocol: Proto));

        Assert.Equal(Errno.ENETDOWN, error.Errno);
        Assert.Equal("Carrier for nexthop device is down", error.ExtAckMessage);
    }

    [Fact]
    public void DeleteNexthop_Twice_SecondIsNotFoundEnoent()
    {
        Client.ReplaceNexthop(7, Gateway, Eth0, onlink: true, protocol: Proto);

        Client.DeleteNexthop(7);
        var error = Assert.Throws<NetlinkException>(() => Client.DeleteNexthop(7));

        Assert.Equal(Errno.ENOENT, error.Errno);
        Assert.Empty(Ns.IpJson("nexthop", "show").Items());
    }

    [Fact]
    public void GetNexthops_Several_EqualsIpNexthopShow()
    {
        Client.ReplaceNexthop(7, Gateway, Eth0, onlink: true, protocol: Proto);
        Client.ReplaceNexthop(8, IPAddress.Parse("198.18.0.3"), Eth0, onlink: false, protocol: 4);
        Ns.Ip("link", "set", "lo", "up"); // a blackhole nexthop is bound to lo
        Ns.Ip("nexthop", "add", "id", "9", "blackhole");

        var ours = Client.GetNexthops().Select(n => $"{n.Id} {n.Gateway} {n.Index} {n.Protocol} {n.Onlink} {n.Blackhole}").Order();
        var ip = Ns.IpJson("nexthop", "show").Items()
            .Select(n => $"{n.Int("id")} {n.Str("gateway")} {(n.Str("dev") is null ? "" : Ns.IndexOf(n.Str("dev")!))} {Protocol(n.Str("protocol"))} {n.Strings("flags").Contains("onlink")} {n.TryGetProperty("blackhole", out _)}")
            .Order();

        Assert.Equal(ip, ours);
    }

    [Fact]
    public void GetNexthops_AfterCarrierLossOnDevice_NexthopAndItsRoutesGone()
    {
        // Reconciler must know: nexthop objects do not survive their device losing carrier or going
        // down, and the routes using them go too; plain gateway routes stay.
        Client.ReplaceNexthop(7, Gateway, Eth0, onlink: true, protocol: Proto);
        Client.ReplaceRoute(RouteSpec.ViaNexthop(IPNetwork.Parse("198.19.1.0/24"), 7, Proto));
        Client.ReplaceRoute(RouteSpec.ViaGateway(IPNetwork.Parse("198.19.2.0/24"), Gateway, Eth0, onlink: true, Proto));

        Ns.Ip("link", "set", "eth1", "down");

        // The flush runs from linkwatch, which may defer a carrier change by up to a second.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (Client.GetNexthops().Count > 0 && clock.Elapsed < TimeSpan.FromSeconds(3))
        {
            Thread.Sleep(50);
        }

        Assert.Empty(Client.GetNexthops());
        Assert.Equal(["198.19.2.0/24"], Client.GetRoutes(AddressFamily.InterNetwork).Where(r => r.Protocol == Proto).Select(r => r.Destination.ToString()));
    }

    private static int Protocol(string? name) => name switch { "static" => 4, "kernel" => 2, "boot" => 3, null => 0, _ => int.Parse(name) };
}
