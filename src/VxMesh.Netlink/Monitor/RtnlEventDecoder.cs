using VxMesh.Netlink.Decoding;
using VxMesh.Netlink.Wire;

namespace VxMesh.Netlink;

/// <summary>Maps a notification message to an <see cref="RtnlEvent"/>; other message types give null.</summary>
internal static class RtnlEventDecoder
{
    public static RtnlEvent? Decode(in NetlinkMessage message) => message.Type switch
    {
        Rtm.RTM_NEWLINK => new RtnlEvent(RtnlEventKind.NewLink, LinkDecoder.Decode(message)),
        Rtm.RTM_DELLINK => new RtnlEvent(RtnlEventKind.DelLink, LinkDecoder.Decode(message)),
        Rtm.RTM_NEWADDR => Wrap(RtnlEventKind.NewAddr, AddressDecoder.Decode(message)),
        Rtm.RTM_DELADDR => Wrap(RtnlEventKind.DelAddr, AddressDecoder.Decode(message)),
        Rtm.RTM_NEWROUTE => Wrap(RtnlEventKind.NewRoute, RouteDecoder.Decode(message)),
        Rtm.RTM_DELROUTE => Wrap(RtnlEventKind.DelRoute, RouteDecoder.Decode(message)),
        Rtm.RTM_NEWNEXTHOP => new RtnlEvent(RtnlEventKind.NewNexthop, NexthopDecoder.Decode(message)),
        Rtm.RTM_DELNEXTHOP => new RtnlEvent(RtnlEventKind.DelNexthop, NexthopDecoder.Decode(message)),
        Rtm.RTM_NEWNEIGH => Neighbor(RtnlEventKind.NewNeigh, message),
        Rtm.RTM_DELNEIGH => Neighbor(RtnlEventKind.DelNeigh, message),
        _ => null,
    };

    private static RtnlEvent? Neighbor(RtnlEventKind kind, in NetlinkMessage message) =>
        NeighborDecoder.IsFdb(message)
            ? Wrap(kind, NeighborDecoder.DecodeFdb(message))
            : Wrap(kind, NeighborDecoder.DecodeNeighbor(message));

    private static RtnlEvent? Wrap(RtnlEventKind kind, object? subject) =>
        subject is null ? null : new RtnlEvent(kind, subject);
}
