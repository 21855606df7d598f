using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using VxMesh.Netlink.Tests.Infrastructure;

namespace VxMesh.Netlink.Tests.Kernel;

public sealed class NeighborTests : KernelTest
{
    private static readonly IPAddress PeerIp = IPAddress.Parse("198.19.0.5");
    private static readonly PhysicalAddress PeerMac = PhysicalAddress.Parse("02:00:00:00:00:05");
    private readonly int _vx;

    public NeighborTests() => _vx = Ns.CreateVxlanWithIp(Vxlan, 42);

    [Fact]
    public void ReplaceNeighbor_New_IpShowsPermanentEntry()
    {
        Client.ReplaceNeighbor(_vx, PeerIp, PeerMac);

        var entry = Assert.Single(Ns.IpJson("neigh", "show", "dev", Vxlan).Items());
        Assert.Equal("198.19.0.5", entry.Str("dst"));
        Assert.Equal("02:00:00:00:00:05", entry.Str("lladdr"));
        Assert.Equal(["PERMANENT"], entry.Strings("state"));
    }

    [Fact]
    public void ReplaceNeighbor_WithProtocol_IpShowsIt_DumpDecodesIt_AReplaceWithoutOneKeepsIt()
    {
        Client.ReplaceNeighbor(_vx, PeerIp, PeerMac, protocol: 118);
        Ns.Ip("neigh", "replace", "198.19.0.5", "lladdr", "02:00:00:00:00:06", "dev", Vxlan, "nud", "permanent");

        var entry = Assert.Single(Ns.IpJson("neigh", "show", "dev", Vxlan).Items());
        Assert.Equal(("02:00:00:00:00:06", "118"), (entry.Str("lladdr"), entry.Str("protocol")));
        Assert.Equal(118, Assert.Single(Client.GetNeighbors(AddressFamily.InterNetwork, _vx)).Protocol);
    }

    [Fact]
    public void ReplaceNeighbor_ChangedMac_IpShowsNewMac()
    {
        Client.ReplaceNeighbor(_vx, PeerIp, PeerMac);
        Client.ReplaceNeighbor(_vx, PeerIp, PhysicalAddress.Parse("02:00:00:00:00:06"));

        var entry = Assert.Single(Ns.IpJson("neigh", "show", "dev", Vxlan).Items());
        Assert.Equal("02:00:00:00:00:06", entry.Str("lladdr"));
    }

    [Fact]
    public void DeleteNeighbor_Twice_SecondIsNotFoundEnoent()
    {
        Client.ReplaceNeighbor(_vx, PeerIp, PeerMac);

        Client.DeleteNeighbor(_vx, PeerIp);
        var error = Assert.Throws<NetlinkException>(() => Client.DeleteNeighbor(_vx, PeerIp));

        Assert.Equal(Errno.ENOENT, error.Errno);
        Assert.True(error.IsNotFound);
        Assert.Empty(Ns.IpJson("neigh", "show", "dev", Vxlan).Items());
    }

    [Fact]
    public void GetNeighbors_AllDevices_EqualsIpNeighShow()
    {
        Client.ReplaceNeighbor(_vx, PeerIp, PeerMac);
        Ns.Ip("neigh", "replace", "198.18.0.7", "lladdr", "02:00:00:00:00:07", "dev", "eth0", "nud", "permanent");

        var ours = Client.GetNeighbors(AddressFamily.InterNetwork)
            .Select(n => $"{n.Ip} {Name(n.Index)} {n.Mac} {(n.IsPermanent ? "PERMANENT" : "?")}")
            .Order();
        var ip = Ns.IpJson("-4", "neigh", "show").Items()
            .Select(n => $"{n.Str("dst")} {n.Str("dev")} {n.Str("lladdr")?.Replace(":", "").ToUpperInvariant()} {string.Join(' ', n.Strings("state"))}")
            .Order();

        Assert.Equal(ip, ours);
    }

    [Fact]
    public void GetNeighbors_FilteredByIndex_OnlyThatDevice()
    {
        Client.ReplaceNeighbor(_vx, PeerIp, PeerMac);
        Ns.Ip("neigh", "replace", "198.18.0.7", "lladdr", "02:00:00:00:00:07", "dev", "eth0", "nud", "permanent");

        var neighbor = Assert.Single(Client.GetNeighbors(AddressFamily.InterNetwork, _vx));
        Assert.Equal(new NeighborInfo(_vx, PeerIp, PeerMac, 0x80, 0), neighbor);
    }

    [Fact]
    public void SetLink_Down_PermanentNeighborFlushed()
    {
        // Reconciler must know: taking a device down (or changing its MAC) drops even permanent neighbours.
        Client.ReplaceNeighbor(_vx, PeerIp, PeerMac);

        Client.SetLink(_vx, up: false);

        Assert.Empty(Client.GetNeighbors(AddressFamily.InterNetwork, _vx));
        Assert.Empty(Ns.IpJson("neigh", "show", "dev", Vxlan).Items());
    }

    [Fact]
    public void SetLink_NewMac_PermanentNeighborFlushedFdbKept()
    {
        Client.ReplaceNeighbor(_vx, PeerIp, PeerMac);
        Client.ReplaceFdb(_vx, PeerMac, IPAddress.Parse("198.18.0.2"));

        Client.SetLink(_vx, mac: PhysicalAddress.Parse("02:00:00:00:00:aa"));

        Assert.Empty(Client.GetNeighbors(AddressFamily.InterNetwork, _vx));
        Assert.Single(Client.GetFdb(_vx));
    }

    private string Name(int index) => index == _vx ? Vxlan : index == Eth0 ? "eth0" : $"if{index}";
}
