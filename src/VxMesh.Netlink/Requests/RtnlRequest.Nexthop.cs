using System.Net;
using VxMesh.Netlink.Wire;

namespace VxMesh.Netlink;

public static partial class RtnlRequest
{
    /// <summary>
    /// <c>ip nexthop replace id N via G dev D [onlink] proto P</c>. RTM_NEWNEXTHOP,
    /// NLM_F_REQUEST|NLM_F_CREATE|NLM_F_REPLACE; nhm_family from G, nhm_flags RTNH_F_ONLINK when onlink;
    /// NHA_ID, NHA_GATEWAY, NHA_OIF. Replacing in place keeps routes that use the id.
    /// An onlink nexthop needs carrier on D ("Carrier for nexthop device is down", ENETDOWN);
    /// a gateway outside D's connected prefixes without onlink is EINVAL ("Nexthop has invalid gateway").
    /// </summary>
    public static NetlinkRequest ReplaceNexthop(uint id, IPAddress gateway, int index, bool onlink, byte protocol)
    {
        ArgumentOutOfRangeException.ThrowIfZero(id); // 0 asks the kernel to pick an id.
        var header = new NhMsg
        {
            Family = Af.ToNative(gateway.AddressFamily),
            Protocol = protocol,
            Flags = onlink ? Rtm.RTNH_F_ONLINK : 0,
        };
        var writer = Start(Rtm.RTM_NEWNEXTHOP, CreateOrReplace, header);
        writer.AddU32(Nha.NHA_ID, id);
        writer.AddAddress(Nha.NHA_GATEWAY, gateway);
        writer.AddU32(Nha.NHA_OIF, (uint)index);
        return Finish(writer);
    }

    /// <summary>
    /// <c>ip nexthop replace id N group A[,W]/B/… [type resilient buckets B idle_timer I unbalanced_timer U] proto P</c>.
    /// RTM_NEWNEXTHOP, NLM_F_REQUEST|NLM_F_CREATE|NLM_F_REPLACE; nhm_family AF_UNSPEC (the kernel refuses
    /// a group of any other family); NHA_ID, NHA_GROUP, then for a resilient group NHA_RES_GROUP and
    /// NHA_GROUP_TYPE, in iproute2's order. Replacing in place keeps the routes that use the group, and a
    /// resilient group keeps the buckets of the members that stay. The kernel refuses to change a group's
    /// type or bucket count in place (EINVAL), a member that is itself a group, a missing member (EINVAL),
    /// and a blackhole in a group of more than one.
    /// </summary>
    public static NetlinkRequest ReplaceNexthopGroup(uint id, IReadOnlyList<NexthopGroupMember> members, ResilientGroupSpec? resilient, byte protocol)
    {
        ArgumentOutOfRangeException.ThrowIfZero(id);
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0)
        {
            throw new ArgumentException("a nexthop group needs at least one member", nameof(members));
        }

        var writer = Start(Rtm.RTM_NEWNEXTHOP, CreateOrReplace, new NhMsg { Protocol = protocol });
        writer.AddU32(Nha.NHA_ID, id);
        var entries = new byte[members.Count * 8];
        for (var i = 0; i < members.Count; i++)
        {
            var member = members[i];
            ArgumentOutOfRangeException.ThrowIfZero(member.Id);
            if (member.Weight is < 1 or > 256)
            {
                throw new ArgumentOutOfRangeException(nameof(members), $"member {member.Id}: weight {member.Weight} is outside 1..256");
            }
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(entries.AsSpan(i * 8), member.Id);
            entries[(i * 8) + 4] = (byte)(member.Weight - 1);
        }
        writer.AddAttribute(Nha.NHA_GROUP, entries);
        if (resilient is not null)
        {
            var nested = writer.BeginNested(Nha.NHA_RES_GROUP);
            writer.AddU16(Nha.NHA_RES_GROUP_BUCKETS, checked((ushort)resilient.Buckets));
            writer.AddU32(Nha.NHA_RES_GROUP_IDLE_TIMER, ClockTicks(resilient.IdleTimer));
            writer.AddU32(Nha.NHA_RES_GROUP_UNBALANCED_TIMER, ClockTicks(resilient.UnbalancedTimer));
            writer.EndNested(nested);
            writer.AddU16(Nha.NHA_GROUP_TYPE, Nha.NEXTHOP_GRP_TYPE_RES);
        }
        return Finish(writer);
    }

    private static uint ClockTicks(TimeSpan span) => checked((uint)Math.Round(span.TotalSeconds * Nha.ClockTicksPerSecond));

    /// <summary>
    /// <c>ip nexthop del id N</c>. RTM_DELNEXTHOP, NLM_F_REQUEST. Routes using it are removed with it;
    /// a member is removed from the groups holding it, and a group left empty is deleted with its routes.
    /// Absent: ENOENT.
    /// </summary>
    public static NetlinkRequest DeleteNexthop(uint id)
    {
        var writer = Start(Rtm.RTM_DELNEXTHOP, Request, new NhMsg());
        writer.AddU32(Nha.NHA_ID, id);
        return Finish(writer);
    }
}
