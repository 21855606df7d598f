namespace VxMesh.Netlink.Tests.Codec;

/// <summary>
/// What iproute2 6.1 sends, captured with <c>strace -e sendmsg -xx</c> (sequence number zeroed).
/// Layout: nlmsghdr | family header | attributes. Flags include NLM_F_ACK, as ours do once executed.
/// Indexes: eth0 = 3, vx0 = 4.
/// </summary>
internal static class GoldenRequests
{
    /// <summary>ip neigh replace 198.19.0.5 lladdr 02:00:00:00:00:05 dev vx0 nud permanent</summary>
    public const string NeighReplace =
        "30000000 1c00 0505 00000000 00000000" + "02 00 0000 04000000 8000 00 00"
        + "0800 0100 c6130005" + "0a00 0200 020000000005 0000";

    /// <summary>ip neigh replace 198.19.0.5 lladdr 02:00:00:00:00:05 dev vx0 nud permanent protocol 118 (NDA_PROTOCOL first)</summary>
    public const string NeighReplaceProtocol =
        "38000000 1c00 0505 00000000 00000000" + "02 00 0000 04000000 8000 00 00"
        + "0500 0c00 76000000" + "0800 0100 c6130005" + "0a00 0200 020000000005 0000";

    /// <summary>ip neigh del 198.19.0.5 dev vx0</summary>
    public const string NeighDelete =
        "24000000 1d00 0500 00000000 00000000" + "02 00 0000 04000000 8000 00 00" + "0800 0100 c6130005";

    /// <summary>bridge fdb replace 02:00:00:00:00:05 dev vx0 dst 198.18.0.2 self permanent</summary>
    public const string FdbReplace =
        "30000000 1c00 0505 00000000 00000000" + "07 00 0000 04000000 c000 02 00"
        + "0a00 0200 020000000005 0000" + "0800 0100 c6120002";

    /// <summary>bridge fdb replace 02:00:00:00:00:05 dev vx0 dst 198.18.0.2 self permanent extern_learn (ndm_flags 0x12)</summary>
    public const string FdbReplaceExternLearn =
        "30000000 1c00 0505 00000000 00000000" + "07 00 0000 04000000 c000 12 00"
        + "0a00 0200 020000000005 0000" + "0800 0100 c6120002";

    /// <summary>bridge fdb del 02:00:00:00:00:05 dev vx0 dst 198.18.0.2 self</summary>
    public const string FdbDelete =
        "30000000 1d00 0500 00000000 00000000" + "07 00 0000 04000000 c000 02 00"
        + "0a00 0200 020000000005 0000" + "0800 0100 c6120002";

    /// <summary>ip nexthop replace id 7 via 198.18.0.2 dev eth0 onlink proto 118</summary>
    public const string NexthopReplace =
        "30000000 6800 0505 00000000 00000000" + "02 00 76 00 04000000"
        + "0800 0100 07000000" + "0800 0600 c6120002" + "0800 0500 03000000";

    /// <summary>ip nexthop replace id 20 group 7/9 proto 118 (nhm_family AF_UNSPEC: a group has none)</summary>
    public const string NexthopGroupReplace =
        "34000000 6800 0505 00000000 00000000" + "00 00 76 00 00000000"
        + "0800 0100 14000000" + "1400 0200 07000000 00000000 09000000 00000000";

    /// <summary>
    /// ip nexthop replace id 21 group 7/9 type resilient buckets 1024 idle_timer 120 unbalanced_timer 600 proto 118:
    /// NHA_RES_GROUP (nested, 0x800c) before NHA_GROUP_TYPE; timers in clock_t (12000, 60000).
    /// </summary>
    public const string NexthopResilientGroupReplace =
        "58000000 6800 0505 00000000 00000000" + "00 00 76 00 00000000"
        + "0800 0100 15000000" + "1400 0200 07000000 00000000 09000000 00000000"
        + "1c00 0c80" + "  0600 0100 0004 0000" + "  0800 0200 e02e0000" + "  0800 0300 60ea0000"
        + "0600 0300 0100 0000";

    /// <summary>ip nexthop del id 9</summary>
    public const string NexthopDelete =
        "20000000 6900 0500 00000000 00000000" + "00 00 00 00 00000000" + "0800 0100 09000000";

    /// <summary>ip route replace 198.19.1.0/24 nhid 7 proto 118</summary>
    public const string RouteReplaceNhid =
        "2c000000 1800 0505 00000000 00000000" + "02 18 00 00 fe 76 00 01 00000000"
        + "0800 0100 c6130100" + "0800 1e00 07000000";

    /// <summary>ip route replace 198.19.2.0/24 via 198.18.0.2 dev eth0 onlink proto 118</summary>
    public const string RouteReplaceGateway =
        "34000000 1800 0505 00000000 00000000" + "02 18 00 00 fe 76 00 01 04000000"
        + "0800 0100 c6130200" + "0800 0500 c6120002" + "0800 0400 03000000";

    /// <summary>ip route del 198.19.1.0/24 proto 118</summary>
    public const string RouteDelete =
        "24000000 1900 0500 00000000 00000000" + "02 18 00 00 fe 76 ff 00 00000000" + "0800 0100 c6130100";

    /// <summary>ip addr replace 198.18.0.9/24 dev eth0</summary>
    public const string AddressReplace =
        "28000000 1400 0505 00000000 00000000" + "02 18 00 00 03000000" + "0800 0200 c6120009" + "0800 0100 c6120009";

    /// <summary>ip addr del 198.18.0.9/24 dev eth0</summary>
    public const string AddressDelete =
        "28000000 1500 0500 00000000 00000000" + "02 18 00 00 03000000" + "0800 0200 c6120009" + "0800 0100 c6120009";

    /// <summary>ip link set dev vx0 address 02:11:22:33:44:55 mtu 1400 up</summary>
    public const string LinkSet =
        "34000000 1000 0500 00000000 00000000" + "00 00 0000 04000000 01000000 01000000"
        + "0a00 0100 021122334455 0000" + "0800 0400 78050000";

    /// <summary>ip link set dev vx0 alias vxmesh (iproute2 sends the string without its NUL: nla_len 10)</summary>
    public const string LinkSetAlias =
        "2c000000 1000 0500 00000000 00000000" + "00 00 0000 04000000 00000000 00000000"
        + "0a00 1400 76786d657368 0000";

    /// <summary>ip link del dev (index 5)</summary>
    public const string LinkDelete =
        "20000000 1100 0500 00000000 00000000" + "00 00 0000 05000000 00000000 00000000";

    /// <summary>
    /// ip link add vx1 type vxlan id 43 dstport 4789 local 198.18.0.1 dev eth0 nolearning.
    /// iproute2 leaves NLA_F_NESTED off IFLA_LINKINFO and IFLA_INFO_DATA (bytes 43 and 59).
    /// </summary>
    public const string VxlanCreate =
        "64000000 1000 0506 00000000 00000000" + "00 00 0000 00000000 00000000 00000000"
        + "0800 0300 76783100"
        + "3c00 1200"
        + "  0900 0100 76786c616e000000"
        + "  2c00 0200"
        + "    0800 0300 03000000"
        + "    0800 0100 2b000000"
        + "    0800 0400 c6120001"
        + "    0500 0700 00000000"
        + "    0600 0f00 12b50000";
}
