using System.Net;
using System.Net.Sockets;
using VxMesh.Netlink.Tests.Infrastructure;

namespace VxMesh.Netlink.Tests.Kernel;

public sealed class AddressTests : KernelTest
{
    [Fact]
    public void ReplaceAddress_New_EqualsIpAddrAddOnTwinDevice()
    {
        Ns.Ip("addr", "add", "198.18.1.1/24", "dev", "eth1");

        Client.ReplaceAddress(Eth0, IPAddress.Parse("198.18.2.1"), 24);

        var ours = AddrInfo("eth0", "198.18.2.1");
        var theirs = AddrInfo("eth1", "198.18.1.1");
        // Same shape as ip addr add: no broadcast, scope global, permanent, label = device name.
        Assert.Equal(Without(theirs, "local", "label"), Without(ours, "local", "label"));
        Assert.DoesNotContain("broadcast", ours);
    }

    [Fact]
    public void ReplaceAddress_Twice_StaysOneAddress()
    {
        Client.ReplaceAddress(Eth0, IPAddress.Parse("198.18.2.1"), 24);
        Client.ReplaceAddress(Eth0, IPAddress.Parse("198.18.2.1"), 24);

        Assert.Single(Ns.IpJson("-4", "addr", "show", "dev", "eth0")[0].GetProperty("addr_info").Items(), a => a.Str("local") == "198.18.2.1");
    }

    [Fact]
    public void DeleteAddress_Twice_SecondIsNotFoundEaddrnotavail()
    {
        Client.ReplaceAddress(Eth0, IPAddress.Parse("198.18.2.1"), 24);

        Client.DeleteAddress(Eth0, IPAddress.Parse("198.18.2.1"), 24);
        var error = Assert.Throws<NetlinkException>(() => Client.DeleteAddress(Eth0, IPAddress.Parse("198.18.2.1"), 24));

        Assert.Equal(Errno.EADDRNOTAVAIL, error.Errno);
        Assert.True(error.IsNotFound);
        Assert.Equal("ipv4: Address not found", error.ExtAckMessage);
    }

    [Fact]
    public void GetAddresses_EachFamily_EqualsIpAddrShow()
    {
        Client.ReplaceAddress(Eth0, IPAddress.Parse("198.18.2.1"), 24);

        foreach (var (family, flag) in new[] { (AddressFamily.InterNetwork, "-4"), (AddressFamily.InterNetworkV6, "-6") })
        {
            var ours = Client.GetAddresses(family).Select(a => $"{a.Index} {a.Address}/{a.PrefixLength} {IpScope(a.Scope)}").Order();
            var ip = Ns.IpJson(flag, "addr", "show").Items()
                .SelectMany(l => l.GetProperty("addr_info").Items().Select(a => $"{l.Int("ifindex")} {a.Str("local")}/{a.Int("prefixlen")} {a.Str("scope")}"))
                .Order();
            Assert.Equal(ip, ours);
        }

        Assert.Equal(Client.GetAddresses().Count, Client.GetAddresses(AddressFamily.InterNetwork).Count + Client.GetAddresses(AddressFamily.InterNetworkV6).Count);
    }

    private static string IpScope(byte scope) => scope switch { 0 => "global", 253 => "link", 254 => "host", _ => scope.ToString() };

    private Dictionary<string, string> AddrInfo(string device, string local) =>
        Ns.IpJson("-4", "addr", "show", "dev", device)[0].GetProperty("addr_info").Items()
            .Single(a => a.Str("local") == local)
            .EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText());

    private static Dictionary<string, string> Without(Dictionary<string, string> info, params string[] keys) =>
        info.Where(p => !keys.Contains(p.Key)).ToDictionary();
}
