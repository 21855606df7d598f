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
    /// <c>ip nexthop del id N</c>. RTM_DELNEXTHOP, NLM_F_REQUEST. Routes using it are removed with it.
    /// Absent: ENOENT.
    /// </summary>
    public static NetlinkRequest DeleteNexthop(uint id)
    {
        var writer = Start(Rtm.RTM_DELNEXTHOP, Request, new NhMsg());
        writer.AddU32(Nha.NHA_ID, id);
        return Finish(writer);
    }
}
