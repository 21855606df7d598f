using System.Net;
using VxMesh.Agent.Discovery;
using VxMesh.Netlink;
using VxMesh.Tests.Shared;

namespace VxMesh.Agent.Tests.Discovery;

/// <summary>Discovery against a real kernel, in a fresh namespace per test (root required: fails, never skips).</summary>
public sealed class LocalDiscoveryTests : IDisposable
{
    private static readonly IReadOnlyList<IPNetwork> ClusterCidrs = [IPNetwork.Parse("198.18.128.0/17")];
    private readonly TestNamespace ns = new("vxm-disc");
    private readonly RtnlClient rtnl;
    private readonly string subnetFile = Path.Combine(Path.GetTempPath(), $"vxmesh-subnet-{Guid.NewGuid():N}.env");

    public LocalDiscoveryTests()
    {
        rtnl = RtnlClient.OpenInNamespace(ns.Name);
        ns.WithUnderlay("192.0.2.10/24", "eth0");
        ns.WithUnderlay("198.51.100.10/24", "eth1");
        ns.Ip("addr", "add", "192.0.2.99/24", "dev", "eth0");
    }

    private LocalDiscovery Discovery() => new(rtnl, DiscoveryOptions.Default with { FlannelSubnetFile = subnetFile });

    [Fact]
    public void DiscoverUnderlay_DefaultRoute_GivesItsDevicesPrimaryAddress()
    {
        ns.Ip("route", "add", "default", "via", "192.0.2.1", "dev", "eth0");

        Assert.Equal(new UnderlayAddress(IPAddress.Parse("192.0.2.10"), "eth0"), Discovery().DiscoverUnderlay(null));
    }

    [Fact]
    public void DiscoverUnderlay_GivenDevice_WinsOverTheDefaultRoute()
    {
        ns.Ip("route", "add", "default", "via", "192.0.2.1", "dev", "eth0");

        Assert.Equal(new UnderlayAddress(IPAddress.Parse("198.51.100.10"), "eth1"), Discovery().DiscoverUnderlay("eth1"));
    }

    [Fact]
    public void DiscoverUnderlay_NoDefaultRoute_SaysWhatToGive()
    {
        var e = Assert.Throws<DiscoveryException>(() => Discovery().DiscoverUnderlay(null));

        Assert.Contains("--underlay-dev", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DiscoverPodBlocks_CalicoBlackholes_InsideTheClusterOnly()
    {
        ns.Ip("route", "add", "blackhole", "198.18.128.64/26", "proto", "12");
        ns.Ip("route", "add", "blackhole", "198.18.128.0/26", "proto", "12");
        ns.Ip("route", "add", "blackhole", "203.0.113.0/24");
        ns.Ip("route", "add", "198.18.129.0/26", "via", "192.0.2.1");

        var blocks = Discovery().DiscoverPodBlocks(ClusterCidrs);

        Assert.Equal(["198.18.128.0/26", "198.18.128.64/26"], blocks.Select(b => b.ToString()));
        Assert.Equal(2, ns.IpJson("route", "show", "type", "blackhole", "proto", "12").Count);
    }

    [Fact]
    public void DiscoverPodBlocks_FlannelBridge_GivesTheBridgeSubnet()
    {
        ns.Ip("link", "add", "cni0", "type", "bridge");
        ns.Ip("addr", "add", "198.18.161.1/24", "dev", "cni0");
        ns.Ip("link", "set", "cni0", "up");

        Assert.Equal(["198.18.161.0/24"], Discovery().DiscoverPodBlocks(ClusterCidrs).Select(b => b.ToString()));
    }

    [Fact]
    public void DiscoverPodBlocks_FlannelSubnetFile_GivesItsBlock_AndAgreesWithTheBridge()
    {
        File.WriteAllText(subnetFile, "FLANNEL_NETWORK=198.18.0.0/15\nFLANNEL_SUBNET=198.18.162.1/24\nFLANNEL_MTU=1450\n");
        Assert.Equal(["198.18.162.0/24"], Discovery().DiscoverPodBlocks(ClusterCidrs).Select(b => b.ToString()));

        ns.Ip("link", "add", "cni0", "type", "bridge");
        ns.Ip("addr", "add", "198.18.162.1/24", "dev", "cni0");
        Assert.Equal(["198.18.162.0/24"], Discovery().DiscoverPodBlocks(ClusterCidrs).Select(b => b.ToString()));
    }

    [Fact]
    public void DiscoverPodBlocks_ClusterUnknown_ReportsNothing()
    {
        ns.Ip("route", "add", "blackhole", "198.18.128.0/26", "proto", "12");

        Assert.Empty(Discovery().DiscoverPodBlocks([]));
    }

    public void Dispose()
    {
        rtnl.Dispose();
        File.Delete(subnetFile);
        ns.Dispose();
    }
}
