using System.Net;
using VxMesh.Netlink.Wire;

namespace VxMesh.Netlink.Decoding;

/// <summary>RTM_NEWNEXTHOP / RTM_DELNEXTHOP → <see cref="NexthopInfo"/>. Groups are reported without members.</summary>
internal static class NexthopDecoder
{
    public static NexthopInfo Decode(in NetlinkMessage message)
    {
        var header = message.ReadFamilyHeader<NhMsg>();
        uint id = 0;
        IPAddress? gateway = null;
        int? index = null;
        var blackhole = false;
        foreach (var attribute in message.Attributes<NhMsg>())
        {
            switch (attribute.Type)
            {
                case Nha.NHA_ID: id = attribute.AsU32(); break;
                case Nha.NHA_GATEWAY: gateway = attribute.AsAddress(); break;
                case Nha.NHA_OIF: index = attribute.AsInt32(); break;
                case Nha.NHA_BLACKHOLE: blackhole = true; break;
            }
        }

        var onlink = (header.Flags & Rtm.RTNH_F_ONLINK) != 0;
        return new NexthopInfo(id, Af.FromNative(header.Family), gateway, index, onlink, header.Protocol, blackhole);
    }
}
