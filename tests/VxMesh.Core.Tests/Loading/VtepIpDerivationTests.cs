using System.Net;
using FsCheck.Xunit;
using VxMesh.Core.Addressing;

namespace VxMesh.Core.Tests.Loading;

public class VtepIpDerivationTests
{
    [Theory]
    [InlineData("179.17.1.0/24", "192.168.0.21", "179.17.1.21")] // the article's own mapping
    [InlineData("179.17.1.0/24", "192.168.0.13", "179.17.1.13")]
    [InlineData("172.16.0.0/16", "10.1.2.3", "172.16.2.3")]
    [InlineData("172.16.0.0/16", "192.168.7.255", "172.16.7.255")] // .255 is a host inside a /16
    [InlineData("fd00:ffff::/64", "2001:db8::1:21", "fd00:ffff::1:21")]
    [InlineData("fd00:ffff::/120", "2001:db8::1:21", "fd00:ffff::21")]
    public void Derive_Examples_KeepUnderlayHostPart(string cidr, string nodeIp, string expected)
    {
        Assert.Equal(IPAddress.Parse(expected), VtepIpDerivation.Derive(IPNetwork.Parse(cidr), IPAddress.Parse(nodeIp)));
    }

    [Theory]
    [InlineData("179.17.1.0/24", "192.168.0.0")] // network address
    [InlineData("179.17.1.0/24", "192.168.5.255")] // broadcast address
    [InlineData("172.16.0.0/16", "10.9.0.0")]
    [InlineData("172.16.0.0/16", "10.9.255.255")]
    [InlineData("179.17.1.7/32", "192.168.0.7")] // no host bits at all
    [InlineData("fd00::/64", "2001:db8::")]
    [InlineData("fd00::/64", "2001:db8::ffff:ffff:ffff:ffff")]
    public void Derive_NetworkOrBroadcast_Null(string cidr, string nodeIp)
    {
        Assert.Null(VtepIpDerivation.Derive(IPNetwork.Parse(cidr), IPAddress.Parse(nodeIp)));
    }

    [Theory]
    [InlineData("179.17.1.0/24", "fd00::21")]
    [InlineData("fd00::/64", "192.168.0.21")]
    public void Derive_DifferentFamilies_Null(string cidr, string nodeIp)
    {
        Assert.Null(VtepIpDerivation.Derive(IPNetwork.Parse(cidr), IPAddress.Parse(nodeIp)));
    }

    [Property]
    public bool Derive_AnyIPv4_InsideAndNotNetworkOrBroadcast(uint network, byte prefixSeed, uint node)
    {
        var prefix = prefixSeed % 33;
        var cidr = IpMath.Canonical(IpMath.FromInteger(network, System.Net.Sockets.AddressFamily.InterNetwork), prefix);
        return Holds(cidr, IpMath.FromInteger(node, System.Net.Sockets.AddressFamily.InterNetwork));
    }

    [Property]
    public bool Derive_AnyIPv6_InsideAndNotNetworkOrBroadcast(ulong networkHigh, ulong networkLow, byte prefixSeed, ulong nodeHigh, ulong nodeLow)
    {
        var prefix = prefixSeed % 129;
        var family = System.Net.Sockets.AddressFamily.InterNetworkV6;
        var cidr = IpMath.Canonical(IpMath.FromInteger(new UInt128(networkHigh, networkLow), family), prefix);
        return Holds(cidr, IpMath.FromInteger(new UInt128(nodeHigh, nodeLow), family));
    }

    [Property]
    public bool Derive_NodeAlreadyInsideCidr_ReturnsNodeItself(uint network, byte prefixSeed, uint host)
    {
        var family = System.Net.Sockets.AddressFamily.InterNetwork;
        var cidr = IpMath.Canonical(IpMath.FromInteger(network, family), prefixSeed % 33);
        var node = IpMath.FromInteger(IpMath.ToInteger(cidr.BaseAddress) | (host & IpMath.HostMask(cidr.PrefixLength, family)), family);
        var derived = VtepIpDerivation.Derive(cidr, node);
        return derived is null || derived.Equals(node);
    }

    private static bool Holds(IPNetwork cidr, IPAddress node)
    {
        var derived = VtepIpDerivation.Derive(cidr, node);
        return derived is null
            || (cidr.Contains(derived) && !derived.Equals(IpMath.First(cidr)) && !derived.Equals(IpMath.Last(cidr)));
    }
}
