using System.Net;
using System.Text.Json;
using VxMesh.Netlink.Tests.Infrastructure;

namespace VxMesh.Netlink.Tests.Kernel;

/// <summary>Set elements over NETLINK_NETFILTER, checked with `nft -j` (the oracle), in a fresh namespace.</summary>
public sealed class NftSetTests : IDisposable
{
    private readonly TestNamespace ns = new();

    public NftSetTests() =>
        Tool.Run("ip", ["netns", "exec", ns.Name, "nft", "-f", "-"],
            "table inet t1 {\n set peers { type ipv4_addr; }\n chain c { type filter hook input priority 0; udp dport 4789 ip saddr != @peers drop; }\n}\n");

    [Fact]
    public void AddElements_ThreeAddresses_NftListsThem()
    {
        using var client = NftSetClient.OpenInNamespace(ns.Name);

        client.AddElements("t1", "peers", [IPAddress.Parse("198.18.0.2"), IPAddress.Parse("198.18.0.3"), IPAddress.Parse("198.19.7.1")]);

        Assert.Equal(["198.18.0.2", "198.18.0.3", "198.19.7.1"], Elements());
    }

    [Fact]
    public void AddElements_AlreadyPresent_NoErrorAndNoDuplicate()
    {
        using var client = NftSetClient.OpenInNamespace(ns.Name);
        client.AddElements("t1", "peers", [IPAddress.Parse("198.18.0.2")]);

        client.AddElements("t1", "peers", [IPAddress.Parse("198.18.0.2"), IPAddress.Parse("198.18.0.4")]);

        Assert.Equal(["198.18.0.2", "198.18.0.4"], Elements());
    }

    [Fact]
    public void RemoveElements_OnePresent_OnlyItGoes()
    {
        using var client = NftSetClient.OpenInNamespace(ns.Name);
        client.AddElements("t1", "peers", [IPAddress.Parse("198.18.0.2"), IPAddress.Parse("198.18.0.3")]);

        client.RemoveElements("t1", "peers", [IPAddress.Parse("198.18.0.2")]);

        Assert.Equal(["198.18.0.3"], Elements());
    }

    [Fact]
    public void RemoveElements_Absent_EnoentAndNothingChanged()
    {
        using var client = NftSetClient.OpenInNamespace(ns.Name);
        client.AddElements("t1", "peers", [IPAddress.Parse("198.18.0.3")]);

        var error = Assert.Throws<NetlinkException>(() =>
            client.RemoveElements("t1", "peers", [IPAddress.Parse("198.18.0.3"), IPAddress.Parse("198.18.0.9")]));

        Assert.Equal(Errno.ENOENT, error.Errno);
        Assert.Equal(["198.18.0.3"], Elements());
    }

    [Fact]
    public void AddElements_NoSuchSet_Enoent()
    {
        using var client = NftSetClient.OpenInNamespace(ns.Name);

        var error = Assert.Throws<NetlinkException>(() => client.AddElements("t1", "nope", [IPAddress.Parse("198.18.0.3")]));

        Assert.Equal(Errno.ENOENT, error.Errno);
    }

    [Theory]
    [InlineData(4_095)]
    [InlineData(4_096)]
    [InlineData(10_000)]
    public void AddThenRemoveElements_ManyAddresses_SetExactlyRightEachTime(int count)
    {
        using var client = NftSetClient.OpenInNamespace(ns.Name);
        var keep = Addresses(0, 3);
        var change = Addresses(3, count);
        client.AddElements("t1", "peers", keep);

        client.AddElements("t1", "peers", change);
        Assert.Equal(Texts([.. keep, .. change]), Elements());

        client.RemoveElements("t1", "peers", change);
        Assert.Equal(Texts(keep), Elements());
    }

    [Fact]
    public void Elements_1000Then5096Then1000_SetExactlyRight()
    {
        using var client = NftSetClient.OpenInNamespace(ns.Name);
        var first = Addresses(0, 1_000);
        var grown = Addresses(1_000, 4_096);
        client.AddElements("t1", "peers", first);
        Assert.Equal(Texts(first), Elements());

        client.AddElements("t1", "peers", grown);
        Assert.Equal(Texts([.. first, .. grown]), Elements());

        // Back to 1,000, half old and half new: 4,096 removals in one change.
        var final = first.Take(500).Concat(grown.Take(500)).ToList();
        client.RemoveElements("t1", "peers", [.. first.Skip(500), .. grown.Skip(500)]);
        Assert.Equal(Texts(final), Elements());
    }

    [Fact]
    public void RemoveElements_5000OneAbsentInTheLastMessage_EnoentAndNothingRemoved()
    {
        using var client = NftSetClient.OpenInNamespace(ns.Name);
        var present = Addresses(0, 5_000);
        client.AddElements("t1", "peers", present);

        var error = Assert.Throws<NetlinkException>(() => client.RemoveElements("t1", "peers", [.. present, IPAddress.Parse("198.19.200.1")]));

        Assert.Equal(Errno.ENOENT, error.Errno);
        Assert.Equal(Texts(present), Elements());
    }

    private static List<IPAddress> Addresses(int first, int count) =>
        [.. Enumerable.Range(first, count).Select(i => new IPAddress([198, 18, (byte)(i >> 8), (byte)i]))];

    private static string[] Texts(IEnumerable<IPAddress> addresses) => [.. addresses.Select(a => a.ToString()).Order()];

    private string[] Elements()
    {
        using var doc = JsonDocument.Parse(Tool.Run("ip", ["netns", "exec", ns.Name, "nft", "-j", "list", "set", "inet", "t1", "peers"]));
        var set = doc.RootElement.GetProperty("nftables").EnumerateArray().Single(i => i.TryGetProperty("set", out _)).GetProperty("set");
        return set.TryGetProperty("elem", out var elem) ? [.. elem.EnumerateArray().Select(e => e.GetString()!).Order()] : [];
    }

    public void Dispose() => ns.Dispose();
}
