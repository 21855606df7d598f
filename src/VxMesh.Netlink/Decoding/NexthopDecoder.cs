using System.Net;
using VxMesh.Netlink.Wire;

namespace VxMesh.Netlink.Decoding;

/// <summary>RTM_NEWNEXTHOP / RTM_DELNEXTHOP → <see cref="NexthopInfo"/>, groups with their members, type and bucket table.</summary>
internal static class NexthopDecoder
{
    public static NexthopInfo Decode(in NetlinkMessage message)
    {
        var header = message.ReadFamilyHeader<NhMsg>();
        uint id = 0;
        IPAddress? gateway = null;
        int? index = null;
        var blackhole = false;
        List<NexthopGroupMember>? members = null;
        var groupType = Nha.NEXTHOP_GRP_TYPE_MPATH;
        ResilientGroupSpec? resilient = null;
        foreach (var attribute in message.Attributes<NhMsg>())
        {
            switch (attribute.Type)
            {
                case Nha.NHA_ID: id = attribute.AsU32(); break;
                case Nha.NHA_GATEWAY: gateway = attribute.AsAddress(); break;
                case Nha.NHA_OIF: index = attribute.AsInt32(); break;
                case Nha.NHA_BLACKHOLE: blackhole = true; break;
                case Nha.NHA_GROUP: members = Members(attribute.Value); break;
                case Nha.NHA_GROUP_TYPE: groupType = attribute.AsU16(); break;
                case Nha.NHA_RES_GROUP: resilient = Resilient(attribute.Nested()); break;
            }
        }

        var onlink = (header.Flags & Rtm.RTNH_F_ONLINK) != 0;
        var group = members is null ? null : new NexthopGroupInfo(members, groupType == Nha.NEXTHOP_GRP_TYPE_RES ? resilient : null);
        return new NexthopInfo(id, Af.FromNative(header.Family), gateway, index, onlink, header.Protocol, blackhole, group);
    }

    /// <summary>struct nexthop_grp, 8 bytes each: id, weight − 1 (low byte), weight − 1 (high byte), reserved.</summary>
    private static List<NexthopGroupMember> Members(ReadOnlySpan<byte> value)
    {
        var members = new List<NexthopGroupMember>(value.Length / 8);
        for (var offset = 0; offset + 8 <= value.Length; offset += 8)
        {
            var entry = value.Slice(offset, 8);
            var weight = (entry[4] | (entry[5] << 8)) + 1;
            members.Add(new NexthopGroupMember(System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(entry), weight));
        }
        return members;
    }

    private static ResilientGroupSpec Resilient(NetlinkAttributeReader attributes)
    {
        int buckets = 0;
        uint idle = 0, unbalanced = 0;
        foreach (var attribute in attributes)
        {
            switch (attribute.Type)
            {
                case Nha.NHA_RES_GROUP_BUCKETS: buckets = attribute.AsU16(); break;
                case Nha.NHA_RES_GROUP_IDLE_TIMER: idle = attribute.AsU32(); break;
                case Nha.NHA_RES_GROUP_UNBALANCED_TIMER: unbalanced = attribute.AsU32(); break;
            }
        }
        return new ResilientGroupSpec(buckets, Ticks(idle), Ticks(unbalanced));
    }

    private static TimeSpan Ticks(uint clockTicks) => TimeSpan.FromMilliseconds(clockTicks * (1000.0 / Nha.ClockTicksPerSecond));
}
