using System.Net;
using System.Net.NetworkInformation;
using System.Text.Json;
using VxMesh.Netlink.Tests.Infrastructure;

namespace VxMesh.Netlink.Tests.Kernel;

public sealed class LinkTests : KernelTest
{
    [Fact]
    public void CreateVxlan_SameArgumentsAsIp_InfoDataIdenticalToIpLinkAddTwin()
    {
        using var twin = new TestNamespace();
        twin.CreateUnderlay();
        twin.CreateVxlanWithIp(Vxlan, 42, up: false);

        var created = Client.CreateVxlan(new VxlanLinkSpec(Vxlan, 42, 4789, IPAddress.Parse(TestNamespace.UnderlayAddress), Eth0, null, null));

        var ours = Ns.IpJson("-d", "link", "show", "dev", Vxlan)[0];
        var theirs = twin.IpJson("-d", "link", "show", "dev", Vxlan)[0];
        Assert.Equal(Linkinfo(theirs), Linkinfo(ours));
        Assert.Equal(Comparable(theirs), Comparable(ours));
        Assert.Equal(new VxlanInfo(42, 4789, IPAddress.Parse(TestNamespace.UnderlayAddress), Eth0, false), created.Vxlan);
        Assert.Equal(ours.GetProperty("ifindex").GetInt32(), created.Index);
    }

    [Fact]
    public void CreateVxlan_WithMacAndMtu_IpShowsThem()
    {
        var mac = PhysicalAddress.Parse("02:00:00:00:00:aa");
        Client.CreateVxlan(new VxlanLinkSpec(Vxlan, 7, 8472, IPAddress.Parse(TestNamespace.UnderlayAddress), Eth0, mac, 1400, Learning: true));

        var link = Ns.IpJson("-d", "link", "show", "dev", Vxlan)[0];
        Assert.Equal("02:00:00:00:00:aa", link.Str("address"));
        Assert.Equal(1400, link.Int("mtu"));
        var data = link.GetProperty("linkinfo").GetProperty("info_data");
        Assert.Equal(8472, data.Int("port"));
        Assert.True(data.GetProperty("learning").GetBoolean());
    }

    [Fact]
    public void SetLink_Alias_IpShowsItAndGetLinkReadsIt()
    {
        var created = Client.CreateVxlan(new VxlanLinkSpec(Vxlan, 42, 4789, IPAddress.Parse(TestNamespace.UnderlayAddress), Eth0, null, null));
        Assert.Null(created.Alias);

        Client.SetLink(created.Index, alias: "vxmesh");

        Assert.Equal("vxmesh", Ns.IpJson("-d", "link", "show", "dev", Vxlan)[0].Str("ifalias"));
        Assert.Equal("vxmesh", Client.GetLink(Vxlan)!.Alias);
        Assert.Equal("vxmesh", Client.GetLinks().Single(l => l.Name == Vxlan).Alias);
    }

    [Fact]
    public void CreateVxlan_NameTaken_ThrowsEexist()
    {
        Ns.CreateVxlanWithIp(Vxlan, 42);
        var error = Assert.Throws<NetlinkException>(() =>
            Client.CreateVxlan(new VxlanLinkSpec(Vxlan, 43, 4789, IPAddress.Parse(TestNamespace.UnderlayAddress), Eth0, null, null)));
        Assert.True(error.IsExists);
        Assert.StartsWith($"RTM_NEWLINK {Vxlan}: EEXIST", error.Message);
    }

    [Fact]
    public void SetLink_MacMtuUp_IpShowsAllThree()
    {
        var index = Ns.CreateVxlanWithIp(Vxlan, 42, up: false);

        Client.SetLink(index, PhysicalAddress.Parse("02:11:22:33:44:55"), 1400, up: true);

        var link = Ns.IpJson("link", "show", "dev", Vxlan)[0];
        Assert.Equal("02:11:22:33:44:55", link.Str("address"));
        Assert.Equal(1400, link.Int("mtu"));
        Assert.Contains("UP", link.Strings("flags"));
    }

    [Fact]
    public void SetLink_DownOnly_LeavesMtuAndClearsUp()
    {
        var index = Ns.CreateVxlanWithIp(Vxlan, 42);

        Client.SetLink(index, up: false);

        var link = Ns.IpJson("link", "show", "dev", Vxlan)[0];
        Assert.DoesNotContain("UP", link.Strings("flags"));
        Assert.Equal(1450, link.Int("mtu"));
    }

    [Fact]
    public void DeleteLink_Twice_SecondIsNotFoundEnodev()
    {
        var index = Ns.CreateVxlanWithIp(Vxlan, 42);

        Client.DeleteLink(index);
        var error = Assert.Throws<NetlinkException>(() => Client.DeleteLink(index));

        Assert.Equal(Errno.ENODEV, error.Errno);
        Assert.True(error.IsNotFound);
        Assert.Empty(Ns.IpJson("link", "show", "type", "vxlan").Items());
    }

    [Fact]
    public void GetLinks_AfterSetup_EqualsIpLinkShow()
    {
        Ns.CreateVxlanWithIp(Vxlan, 42);

        var links = Client.GetLinks();
        var names = links.ToDictionary(l => l.Index, l => l.Name);
        var ours = links
            .Select(l => $"{l.Index} {l.Name} {l.Kind} {l.Mtu} {l.Mac} {l.Up} {(l.LowerIndex is { } lower ? names[lower] : null)}")
            .ToList();
        var ip = Ns.IpJson("-d", "link", "show").Items()
            .Select(l => $"{l.Int("ifindex")} {l.Str("ifname")} {Kind(l)} {l.Int("mtu")} {Mac(l)} {l.Strings("flags").Contains("UP")} {l.Str("link")}")
            .ToList();

        Assert.Equal(ip, ours);
    }

    [Fact]
    public void GetLink_ByName_MatchesAndAbsentIsNull()
    {
        Assert.Equal(Eth0, Client.GetLink("eth0")!.Index);
        Assert.Equal("veth", Client.GetLink("eth0")!.Kind);
        Assert.Null(Client.GetLink("vxnl-absent"));
    }

    private static string Linkinfo(JsonElement link) => link.GetProperty("linkinfo").GetRawText();

    // Everything ip prints except what is random per device (MAC) or per namespace (index).
    private static string Comparable(JsonElement link) => string.Join(
        ", ",
        link.EnumerateObject().Where(p => p.Name is not ("ifindex" or "address")).Select(p => $"{p.Name}={p.Value.GetRawText()}"));

    private static string? Kind(JsonElement link) =>
        link.TryGetProperty("linkinfo", out var info) ? info.Str("info_kind") : null;

    // PhysicalAddress.ToString is upper-case hex without separators.
    private static string? Mac(JsonElement link) => link.Str("address")?.Replace(":", "").ToUpperInvariant();
}
