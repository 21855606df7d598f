using System.Net.Sockets;
using VxMesh.Netlink.Wire;

namespace VxMesh.Netlink;

/// <summary>
/// GET requests used by the dumps. They are written for NETLINK_GET_STRICT_CHK: header fields the
/// kernel does not filter on stay zero, filters go where strict validation accepts them.
/// </summary>
internal static class RtnlDumpRequest
{
    private const ushort Dump = Nl.NLM_F_REQUEST | Nl.NLM_F_DUMP;

    /// <summary><c>ip link show</c>: RTM_GETLINK dump, skipping the (large, unused) statistics.</summary>
    public static NetlinkRequest Links()
    {
        var writer = Begin(Rtm.RTM_GETLINK, Dump, new IfInfoMsg(), out var start);
        writer.AddU32(Ifla.IFLA_EXT_MASK, Rtm.RTEXT_FILTER_SKIP_STATS);
        return End(writer, start, "RTM_GETLINK dump");
    }

    /// <summary><c>ip link show dev NAME</c>: RTM_GETLINK (not a dump) by IFLA_IFNAME; absent → ENODEV.</summary>
    public static NetlinkRequest Link(string name)
    {
        var writer = Begin(Rtm.RTM_GETLINK, Nl.NLM_F_REQUEST, new IfInfoMsg(), out var start);
        writer.AddString(Ifla.IFLA_IFNAME, name);
        writer.AddU32(Ifla.IFLA_EXT_MASK, Rtm.RTEXT_FILTER_SKIP_STATS);
        return End(writer, start, $"RTM_GETLINK {name}");
    }

    /// <summary><c>ip addr show</c>: RTM_GETADDR dump of one family (AF_UNSPEC = all).</summary>
    public static NetlinkRequest Addresses(AddressFamily? family)
    {
        var header = new IfAddrMsg { Family = Af.ToNative(family ?? AddressFamily.Unspecified) };
        var writer = Begin(Rtm.RTM_GETADDR, Dump, header, out var start);
        return End(writer, start, "RTM_GETADDR dump");
    }

    /// <summary>
    /// <c>ip neigh show [dev D]</c> / <c>bridge fdb show dev D</c>: RTM_GETNEIGH dump. Neighbour dumps
    /// filter by NDA_IFINDEX (strict mode rejects ndm_ifindex); FDB dumps take ndm_ifindex.
    /// </summary>
    public static NetlinkRequest Neighbors(byte family, int? index)
    {
        var header = new NdMsg { Family = family };
        if (family == Af.AF_BRIDGE && index is { } port)
        {
            header.Index = port;
        }

        var writer = Begin(Rtm.RTM_GETNEIGH, Dump, header, out var start);
        if (family != Af.AF_BRIDGE && index is { } device)
        {
            writer.AddU32(Nda.NDA_IFINDEX, (uint)device);
        }

        return End(writer, start, "RTM_GETNEIGH dump");
    }

    /// <summary><c>ip nexthop show</c>: RTM_GETNEXTHOP dump of all families.</summary>
    public static NetlinkRequest Nexthops()
    {
        var writer = Begin(Rtm.RTM_GETNEXTHOP, Dump, new NhMsg(), out var start);
        return End(writer, start, "RTM_GETNEXTHOP dump");
    }

    /// <summary><c>ip route show table T</c>: RTM_GETROUTE dump filtered by table in the kernel.</summary>
    public static NetlinkRequest Routes(AddressFamily family, uint table)
    {
        var header = new RtMsg { Family = Af.ToNative(family), Table = table < 256 ? (byte)table : Rtm.RT_TABLE_UNSPEC };
        var writer = Begin(Rtm.RTM_GETROUTE, Dump, header, out var start);
        if (table >= 256)
        {
            writer.AddU32(Rtm.RTA_TABLE, table);
        }

        return End(writer, start, $"RTM_GETROUTE dump table {table}");
    }

    private static NetlinkMessageWriter Begin<T>(ushort type, ushort flags, in T header, out int start)
        where T : unmanaged
    {
        var writer = new NetlinkMessageWriter(128);
        start = writer.BeginMessage(type, flags);
        writer.WriteStruct(in header);
        return writer;
    }

    private static NetlinkRequest End(NetlinkMessageWriter writer, int start, string description)
    {
        writer.EndMessage(start);
        return new NetlinkRequest(writer.ToArray(), description);
    }
}
