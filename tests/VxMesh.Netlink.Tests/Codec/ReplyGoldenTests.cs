using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using VxMesh.Netlink.Decoding;
using VxMesh.Netlink.Tests.Infrastructure;
using VxMesh.Netlink.Wire;

namespace VxMesh.Netlink.Tests.Codec;

/// <summary>The reader and decoders on datagrams the kernel really sent.</summary>
public sealed class ReplyGoldenTests
{
    [Fact]
    public void DecodeLink_VxlanReply_ReadsNestedInfoData()
    {
        var link = LinkDecoder.Decode(Single(GoldenReplies.LinkVx0));

        Assert.Equal(4, link.Index);
        Assert.Equal("vx0", link.Name);
        Assert.Equal("vxlan", link.Kind);
        Assert.Equal(PhysicalAddress.Parse("02:00:00:00:00:aa"), link.Mac);
        Assert.Equal(1450, link.Mtu);
        Assert.True(link.Up);
        Assert.Null(link.LowerIndex); // a vxlan reports its underlay in IFLA_VXLAN_LINK, not IFLA_LINK
        Assert.Equal(new VxlanInfo(42, 4789, IPAddress.Parse("198.18.0.1"), 3, Learning: false), link.Vxlan);
    }

    [Fact]
    public void DecodeLink_ReplyWithIfAlias_ReadsTheAliasWithoutItsNul()
    {
        var link = LinkDecoder.Decode(Single(GoldenReplies.LinkVx0WithAlias));

        Assert.Equal("vx0", link.Name);
        Assert.Equal("vxmesh", link.Alias);
        Assert.Equal(42u, link.Vxlan!.Vni);
        Assert.EndsWith(" alias vxmesh", link.ToString());
    }

    [Fact]
    public void DecodeLink_ReplyWithoutIfAlias_AliasIsNull() =>
        Assert.Null(LinkDecoder.Decode(Single(GoldenReplies.LinkVx0)).Alias);

    [Fact]
    public void DecodeRoute_DumpDatagram_ReadsThreeRoutesWithNexthopExpanded()
    {
        var routes = All(GoldenReplies.RouteDump).Select(m => RouteDecoderOf(m)).ToList();

        Assert.Equal(3, routes.Count);
        Assert.Equal(new RouteInfo(IPNetwork.Parse("198.18.0.0/24"), null, 3, null, 2, 254, 1, 253, null, false), routes[0]);
        // A route through a nexthop object comes back with the nexthop's gateway, device and onlink flag.
        Assert.Equal(new RouteInfo(IPNetwork.Parse("198.19.1.0/24"), IPAddress.Parse("198.18.0.2"), 3, 7, 118, 254, 1, 0, null, true), routes[1]);
        Assert.Equal(new RouteInfo(IPNetwork.Parse("198.19.2.0/24"), IPAddress.Parse("198.18.0.2"), 3, null, 118, 254, 1, 0, null, true), routes[2]);
    }

    [Fact]
    public void ReadMessages_RouteDump_AreMultipartAndDoneFollows()
    {
        Assert.All(All(GoldenReplies.RouteDump), m => Assert.True(m.Multi));
        var done = Single(GoldenReplies.RouteDumpDone);
        Assert.Equal(Nl.NLMSG_DONE, done.Type);
        Assert.Equal(0, NetlinkStatus.FromDone(done).Errno);
    }

    [Fact]
    public void DecodeNeighbor_DumpWithDoneInSameDatagram_ReadsEntryThenDone()
    {
        var types = new List<ushort>();
        NeighborInfo? neighbor = null;
        foreach (var message in new NetlinkMessageReader(Hex.Bytes(GoldenReplies.NeighDump)))
        {
            types.Add(message.Type);
            if (message.Type == Rtm.RTM_NEWNEIGH)
            {
                Assert.False(NeighborDecoder.IsFdb(message));
                neighbor = NeighborDecoder.DecodeNeighbor(message);
            }
        }

        Assert.Equal([Rtm.RTM_NEWNEIGH, Nl.NLMSG_DONE], types);
        Assert.Equal(new NeighborInfo(4, IPAddress.Parse("198.19.0.5"), PhysicalAddress.Parse("02:00:00:00:00:05"), 0x80, 0), neighbor);
        Assert.True(neighbor!.IsPermanent);
    }

    [Fact]
    public void DecodeFdb_VxlanEntry_ReadsMacDstSelfPermanent()
    {
        var message = Single(GoldenReplies.FdbDump);
        Assert.True(NeighborDecoder.IsFdb(message));

        var fdb = NeighborDecoder.DecodeFdb(message);

        Assert.Equal(new FdbInfo(4, PhysicalAddress.Parse("02:00:00:00:00:05"), IPAddress.Parse("198.18.0.2"), 0xc0, 0x02, null), fdb);
        Assert.True(fdb!.IsSelf && fdb.IsPermanent);
    }

    [Fact]
    public void DecodeNexthop_Dump_ReadsOnlinkProtocol()
    {
        var messages = new List<NexthopInfo>();
        foreach (var message in new NetlinkMessageReader(Hex.Bytes(GoldenReplies.NexthopDump)))
        {
            if (message.Type == Rtm.RTM_NEWNEXTHOP)
            {
                messages.Add(NexthopDecoder.Decode(message));
            }
        }

        var nexthop = Assert.Single(messages);
        Assert.Equal(new NexthopInfo(7, AddressFamily.InterNetwork, IPAddress.Parse("198.18.0.2"), 3, true, 118, false), nexthop);
    }

    [Fact]
    public void DecodeNexthop_GroupDump_ReadsMembersWeightsTypeAndBuckets()
    {
        var messages = new List<NexthopInfo>();
        foreach (var message in new NetlinkMessageReader(Hex.Bytes(GoldenReplies.NexthopGroupDump)))
        {
            if (message.Type == Rtm.RTM_NEWNEXTHOP)
            {
                messages.Add(NexthopDecoder.Decode(message));
            }
        }

        Assert.Equal([7u, 9u, 21u, 22u], messages.Select(m => m.Id));
        Assert.Null(messages[0].Group);
        var resilient = messages[2];
        Assert.Equal(new NexthopInfo(21, AddressFamily.Unspecified, null, null, false, 118, false,
            new NexthopGroupInfo([new(7), new(9)], new ResilientGroupSpec(1024, TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(600)))), resilient);
        Assert.Equal("id 21 group 7/9 type resilient buckets 1024 idle_timer 120 unbalanced_timer 600 proto 118", resilient.ToString());
        var mpath = messages[3];
        Assert.Equal(new NexthopGroupInfo([new(7, 3), new(9)], null), mpath.Group);
        Assert.Equal("id 22 group 7,3/9 proto 118", mpath.ToString());
    }

    [Fact]
    public void DecodeAddress_Dump_PrefersIfaLocal()
    {
        var address = AddressDecoder.Decode(Single(GoldenReplies.AddressDump));
        Assert.Equal(new AddressInfo(3, AddressFamily.InterNetwork, IPAddress.Parse("198.18.0.1"), 24, 0), address);
    }

    [Fact]
    public void StatusFromError_CappedWithTlvs_ReadsErrnoAndExtAck()
    {
        var message = Single(GoldenReplies.ErrorWithExtAck);
        Assert.Equal(Nl.NLMSG_ERROR, message.Type);
        Assert.True(message.HasFlag(Nl.NLM_F_CAPPED) && message.HasFlag(Nl.NLM_F_ACK_TLVS));

        var status = NetlinkStatus.FromError(message);

        Assert.Equal(new NetlinkStatus(Errno.EINVAL, "Nexthop id does not exist"), status);
        Assert.Equal(1006u, message.Sequence); // the sequence number of the refused request
    }

    [Fact]
    public void StatusFromError_PlainAck_IsErrnoZero() =>
        Assert.Equal(new NetlinkStatus(0, null), NetlinkStatus.FromError(Single(GoldenReplies.Ack)));

    private static RouteInfo RouteDecoderOf(ParsedMessage m) => m.Route!;

    private static List<ParsedMessage> All(string hex)
    {
        var list = new List<ParsedMessage>();
        foreach (var message in new NetlinkMessageReader(Hex.Bytes(hex)))
        {
            var route = message.Type == Rtm.RTM_NEWROUTE ? RouteDecoder.Decode(message) : null;
            list.Add(new ParsedMessage(message.Type, message.HasFlag(Nl.NLM_F_MULTI), route));
        }

        return list;
    }

    private static NetlinkMessage Single(string hex)
    {
        var reader = new NetlinkMessageReader(Hex.Bytes(hex));
        Assert.True(reader.MoveNext());
        return reader.Current;
    }

    private sealed record ParsedMessage(ushort Type, bool Multi, RouteInfo? Route);
}
