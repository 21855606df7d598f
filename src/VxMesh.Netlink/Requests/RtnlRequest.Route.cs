using System.Net;
using VxMesh.Netlink.Wire;

namespace VxMesh.Netlink;

public static partial class RtnlRequest
{
    /// <summary>
    /// <c>ip route replace DST nhid N proto P [table T]</c>, or
    /// <c>ip route replace DST via G dev D [onlink] proto P [table T]</c>. RTM_NEWROUTE,
    /// NLM_F_REQUEST|NLM_F_CREATE|NLM_F_REPLACE; rtm_type RTN_UNICAST, rtm_scope RT_SCOPE_UNIVERSE;
    /// RTA_DST then RTA_NH_ID, or RTA_GATEWAY and RTA_OIF with RTNH_F_ONLINK in rtm_flags.
    /// Tables above 255 go in RTA_TABLE with rtm_table RT_TABLE_UNSPEC, as iproute2 does.
    /// </summary>
    public static NetlinkRequest ReplaceRoute(RouteSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.NexthopId is not null && (spec.Gateway is not null || spec.OutIndex is not null))
        {
            throw new ArgumentException("a route uses either a nexthop id or a gateway/device, not both", nameof(spec));
        }

        if (spec.NexthopId is null && spec.Gateway is null && spec.OutIndex is null)
        {
            throw new ArgumentException("a route needs a nexthop id, a gateway or a device", nameof(spec));
        }

        if (spec.Gateway is not null)
        {
            RequireFamilyMatch(spec.Destination.BaseAddress, spec.Gateway, "route");
        }

        var header = RouteHeader(spec.Destination, spec.Table, spec.Protocol, Rtm.RT_SCOPE_UNIVERSE, Rtm.RTN_UNICAST);
        header.Flags = spec.Onlink ? Rtm.RTNH_F_ONLINK : 0;
        var writer = Start(Rtm.RTM_NEWROUTE, CreateOrReplace, header);
        WriteDestination(writer, spec.Destination, spec.Table);
        if (spec.NexthopId is { } nhid)
        {
            writer.AddU32(Rtm.RTA_NH_ID, nhid);
        }

        if (spec.Gateway is not null)
        {
            writer.AddAddress(Rtm.RTA_GATEWAY, spec.Gateway);
        }

        if (spec.OutIndex is { } oif)
        {
            writer.AddU32(Rtm.RTA_OIF, (uint)oif);
        }

        if (spec.Priority is { } priority)
        {
            writer.AddU32(Rtm.RTA_PRIORITY, priority);
        }

        return Finish(writer);
    }

    /// <summary>
    /// <c>ip route del DST [proto P] [table T] [metric M]</c>. RTM_DELROUTE, NLM_F_REQUEST; rtm_scope
    /// RT_SCOPE_NOWHERE (match any scope, as ip does), rtm_type RTN_UNSPEC; protocol 0 matches any.
    /// Absent: ESRCH (both IPv4 and IPv6).
    /// </summary>
    public static NetlinkRequest DeleteRoute(IPNetwork destination, uint table = Rtm.RT_TABLE_MAIN, byte protocol = 0, uint? priority = null)
    {
        var header = RouteHeader(destination, table, protocol, Rtm.RT_SCOPE_NOWHERE, Rtm.RTN_UNSPEC);
        var writer = Start(Rtm.RTM_DELROUTE, Request, header);
        WriteDestination(writer, destination, table);
        if (priority is { } metric)
        {
            writer.AddU32(Rtm.RTA_PRIORITY, metric);
        }

        return Finish(writer);
    }

    private static RtMsg RouteHeader(IPNetwork destination, uint table, byte protocol, byte scope, byte type) => new()
    {
        Family = Af.ToNative(destination.BaseAddress.AddressFamily),
        DstLength = (byte)destination.PrefixLength,
        Table = table < 256 ? (byte)table : Rtm.RT_TABLE_UNSPEC,
        Protocol = protocol,
        Scope = scope,
        Type = type,
    };

    private static void WriteDestination(NetlinkMessageWriter writer, IPNetwork destination, uint table)
    {
        // ip sends no RTA_DST for a default route (prefix length 0).
        if (destination.PrefixLength > 0)
        {
            writer.AddAddress(Rtm.RTA_DST, destination.BaseAddress);
        }

        if (table >= 256)
        {
            writer.AddU32(Rtm.RTA_TABLE, table);
        }
    }
}
