using System.Net;
using VxMesh.Netlink.Wire;

namespace VxMesh.Netlink.Decoding;

/// <summary>RTM_NEWROUTE / RTM_DELROUTE → <see cref="RouteInfo"/>. Multipath (RTA_MULTIPATH) legs are not decoded.</summary>
internal static class RouteDecoder
{
    public static RouteInfo? Decode(in NetlinkMessage message)
    {
        var header = message.ReadFamilyHeader<RtMsg>();
        if (header.Family is not (Af.AF_INET or Af.AF_INET6))
        {
            return null;
        }

        IPAddress? dst = null, gateway = null;
        int? oif = null;
        uint? nhid = null, priority = null;
        uint table = header.Table;
        foreach (var attribute in message.Attributes<RtMsg>())
        {
            switch (attribute.Type)
            {
                case Rtm.RTA_DST: dst = attribute.AsAddress(); break;
                case Rtm.RTA_GATEWAY: gateway = attribute.AsAddress(); break;
                case Rtm.RTA_OIF: oif = attribute.AsInt32(); break;
                case Rtm.RTA_PRIORITY: priority = attribute.AsU32(); break;
                case Rtm.RTA_TABLE: table = attribute.AsU32(); break; // rtm_table only holds 8 bits
                case Rtm.RTA_NH_ID: nhid = attribute.AsU32(); break;
            }
        }

        // No RTA_DST means the default route of the family.
        dst ??= header.Family == Af.AF_INET ? IPAddress.Any : IPAddress.IPv6Any;
        var destination = new IPNetwork(dst, header.DstLength);
        var onlink = (header.Flags & Rtm.RTNH_F_ONLINK) != 0;
        return new RouteInfo(destination, gateway, oif, nhid, header.Protocol, table, header.Type, header.Scope, priority, onlink);
    }
}
