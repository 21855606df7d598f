using System.Net;
using System.Net.NetworkInformation;
using VxMesh.Netlink.Tests.Infrastructure;
using VxMesh.Netlink.Wire;

namespace VxMesh.Netlink.Tests.Codec;

/// <summary>Our request bytes, as Execute puts them on the wire, against iproute2's.</summary>
public sealed class RequestGoldenTests
{
    private static readonly PhysicalAddress Peer = PhysicalAddress.Parse("02:00:00:00:00:05");

    [Fact]
    public void ReplaceNeighbor_Permanent_EqualsIpNeighReplace() =>
        AssertWire(GoldenRequests.NeighReplace, RtnlRequest.ReplaceNeighbor(4, IPAddress.Parse("198.19.0.5"), Peer));

    [Fact]
    public void ReplaceNeighbor_WithProtocol_EqualsIpNeighReplaceProtocol() =>
        AssertWire(GoldenRequests.NeighReplaceProtocol, RtnlRequest.ReplaceNeighbor(4, IPAddress.Parse("198.19.0.5"), Peer, protocol: 118));

    [Fact]
    public void ReplaceFdb_ExternLearned_EqualsBridgeFdbReplaceExternLearn() =>
        AssertWire(GoldenRequests.FdbReplaceExternLearn, RtnlRequest.ReplaceFdb(4, Peer, IPAddress.Parse("198.18.0.2"), externLearned: true));

    [Fact]
    public void DeleteNeighbor_ByIp_EqualsIpNeighDel() =>
        AssertWire(GoldenRequests.NeighDelete, RtnlRequest.DeleteNeighbor(4, IPAddress.Parse("198.19.0.5")));

    [Fact]
    public void ReplaceFdb_SelfPermanent_EqualsBridgeFdbReplace() =>
        AssertWire(GoldenRequests.FdbReplace, RtnlRequest.ReplaceFdb(4, Peer, IPAddress.Parse("198.18.0.2")));

    [Fact]
    public void DeleteFdb_WithDst_EqualsBridgeFdbDel() =>
        AssertWire(GoldenRequests.FdbDelete, RtnlRequest.DeleteFdb(4, Peer, IPAddress.Parse("198.18.0.2")));

    [Fact]
    public void ReplaceNexthop_OnlinkProto118_EqualsIpNexthopReplace() =>
        AssertWire(GoldenRequests.NexthopReplace, RtnlRequest.ReplaceNexthop(7, IPAddress.Parse("198.18.0.2"), 3, onlink: true, protocol: 118));

    [Fact]
    public void ReplaceNexthopGroup_Mpath_EqualsIpNexthopReplaceGroup() =>
        AssertWire(GoldenRequests.NexthopGroupReplace, RtnlRequest.ReplaceNexthopGroup(20, [new(7), new(9)], null, 118));

    [Fact]
    public void ReplaceNexthopGroup_Resilient_EqualsIpNexthopReplaceGroupTypeResilient() =>
        AssertWire(GoldenRequests.NexthopResilientGroupReplace, RtnlRequest.ReplaceNexthopGroup(21, [new(7), new(9)],
            new ResilientGroupSpec(1024, TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(600)), 118));

    [Fact]
    public void ReplaceNexthopGroup_Weight3_StoresWeightMinusOne()
    {
        var bytes = Wire(RtnlRequest.ReplaceNexthopGroup(22, [new(7, 3), new(9)], null, 118));
        Assert.Contains("1400020007000000020000000900000000000000", Hex.Of(bytes));
    }

    [Fact]
    public void ReplaceNexthopGroup_NoMembers_Throws() =>
        Assert.Throws<ArgumentException>(() => RtnlRequest.ReplaceNexthopGroup(20, [], null, 118));

    [Fact]
    public void DeleteNexthop_ById_EqualsIpNexthopDel() =>
        AssertWire(GoldenRequests.NexthopDelete, RtnlRequest.DeleteNexthop(9));

    [Fact]
    public void ReplaceRoute_ViaNexthopId_EqualsIpRouteReplaceNhid() =>
        AssertWire(GoldenRequests.RouteReplaceNhid, RtnlRequest.ReplaceRoute(RouteSpec.ViaNexthop(IPNetwork.Parse("198.19.1.0/24"), 7, 118)));

    [Fact]
    public void ReplaceRoute_ViaGatewayOnlink_EqualsIpRouteReplaceVia() =>
        AssertWire(
            GoldenRequests.RouteReplaceGateway,
            RtnlRequest.ReplaceRoute(RouteSpec.ViaGateway(IPNetwork.Parse("198.19.2.0/24"), IPAddress.Parse("198.18.0.2"), 3, onlink: true, protocol: 118)));

    [Fact]
    public void DeleteRoute_WithProtocol_EqualsIpRouteDel() =>
        AssertWire(GoldenRequests.RouteDelete, RtnlRequest.DeleteRoute(IPNetwork.Parse("198.19.1.0/24"), protocol: 118));

    [Fact]
    public void ReplaceAddress_NoBroadcast_EqualsIpAddrReplace() =>
        AssertWire(GoldenRequests.AddressReplace, RtnlRequest.ReplaceAddress(3, IPAddress.Parse("198.18.0.9"), 24));

    [Fact]
    public void DeleteAddress_Prefix_EqualsIpAddrDel() =>
        AssertWire(GoldenRequests.AddressDelete, RtnlRequest.DeleteAddress(3, IPAddress.Parse("198.18.0.9"), 24));

    [Fact]
    public void SetLink_MacMtuUp_EqualsIpLinkSet() =>
        AssertWire(GoldenRequests.LinkSet, RtnlRequest.SetLink(4, PhysicalAddress.Parse("02:11:22:33:44:55"), 1400, up: true));

    [Fact]
    public void SetLink_Alias_EqualsIpLinkSetAliasPlusTheNul()
    {
        var ours = Wire(RtnlRequest.SetLink(4, alias: "vxmesh"));
        var expected = Hex.Bytes(GoldenRequests.LinkSetAlias);

        // We send IFLA_IFALIAS NUL-terminated, as the kernel dumps it (nla_len 11); iproute2 6.1 leaves the NUL
        // out (10). NLA_STRING takes both; the padded size, and so everything else, is the same.
        Assert.Equal(11, ours[32]);
        Assert.Equal(0, ours[32 + 4 + 6]);
        ours[32] = 10;
        Assert.Equal(Hex.Of(expected), Hex.Of(ours));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a\0b")]
    public void SetLink_EmptyOrNulAlias_Throws(string alias) =>
        Assert.Throws<ArgumentException>(() => RtnlRequest.SetLink(4, alias: alias));

    [Fact]
    public void SetLink_AliasOf256Bytes_Throws() =>
        Assert.Throws<ArgumentException>(() => RtnlRequest.SetLink(4, alias: new string('a', 256)));

    [Fact]
    public void DeleteLink_ByIndex_EqualsIpLinkDel() =>
        AssertWire(GoldenRequests.LinkDelete, RtnlRequest.DeleteLink(5));

    [Fact]
    public void CreateVxlan_NolearningDev_EqualsIpLinkAddExceptNestedFlag()
    {
        var spec = new VxlanLinkSpec("vx1", 43, 4789, IPAddress.Parse("198.18.0.1"), UnderlayIndex: 3, Mac: null, Mtu: null);
        var ours = Wire(RtnlRequest.CreateVxlan(spec));
        var expected = Hex.Bytes(GoldenRequests.VxlanCreate);

        // The kernel accepts nests with or without NLA_F_NESTED; we set it (as newer kernels want for
        // strictly validated nests), iproute2 6.1 does not. Everything else is byte-identical.
        Assert.Equal(0x80, ours[43]);
        Assert.Equal(0x80, ours[59]);
        ours[43] = 0;
        ours[59] = 0;
        Assert.Equal(Hex.Of(expected), Hex.Of(ours));
    }

    [Fact]
    public void CreateVxlan_PortAttribute_IsBigEndian()
    {
        var spec = new VxlanLinkSpec("vx1", 43, 8472, IPAddress.Parse("198.18.0.1"), null, null, null);
        var bytes = Hex.Of(Wire(RtnlRequest.CreateVxlan(spec)));
        Assert.Contains("06000f002118", bytes); // 8472 = 0x2118, network order
    }

    [Fact]
    public void CreateVxlan_Ipv6LocalMacMtu_UsesLocal6AndAddsAttributes()
    {
        var spec = new VxlanLinkSpec("vx6", 7, 4789, IPAddress.Parse("2001:db8::1"), 3, PhysicalAddress.Parse("02:00:00:00:00:aa"), 1400);
        var bytes = Hex.Of(Wire(RtnlRequest.CreateVxlan(spec)));
        Assert.Contains("14001100" + "20010db8000000000000000000000001", bytes); // IFLA_VXLAN_LOCAL6
        Assert.Contains("0a000100" + "0200000000aa", bytes); // IFLA_ADDRESS
        Assert.Contains("08000400" + "78050000", bytes); // IFLA_MTU 1400
        Assert.DoesNotContain("08000400c6", bytes); // no IPv4 IFLA_VXLAN_LOCAL
    }

    [Fact]
    public void ReplaceRoute_TableAbove255_UsesRtaTableAndUnspecHeader()
    {
        var bytes = Wire(RtnlRequest.ReplaceRoute(RouteSpec.ViaNexthop(IPNetwork.Parse("198.19.1.0/24"), 7, 118, table: 1000)));
        Assert.Equal(0, bytes[16 + 4]); // rtm_table = RT_TABLE_UNSPEC
        Assert.Contains("08000f00e8030000", Hex.Of(bytes)); // RTA_TABLE 1000
    }

    [Fact]
    public void ReplaceRoute_NexthopAndGateway_Throws() =>
        Assert.Throws<ArgumentException>(() => RtnlRequest.ReplaceRoute(
            new RouteSpec(IPNetwork.Parse("198.19.1.0/24"), 118, NexthopId: 7, Gateway: IPAddress.Parse("198.18.0.2"))));

    [Fact]
    public void CreateVxlan_NameTooLong_Throws() =>
        Assert.Throws<ArgumentException>(() => RtnlRequest.CreateVxlan(
            new VxlanLinkSpec("vxnl-0123456789ab", 1, 4789, IPAddress.Parse("198.18.0.1"), null, null, null)));

    private static void AssertWire(string golden, NetlinkRequest request) =>
        Assert.Equal(Hex.Of(Hex.Bytes(golden)), Hex.Of(Wire(request)));

    // What Execute sends: the request with seq stamped (0 here, as in the captures) and NLM_F_ACK added.
    private static byte[] Wire(NetlinkRequest request)
    {
        var writer = new NetlinkMessageWriter();
        var start = writer.AppendRaw(request.Message.Span);
        writer.PatchHeader(start, 0, Nl.NLM_F_ACK);
        return writer.ToArray();
    }
}
