using System.Net;
using VxMesh.Netlink.Wire;

namespace VxMesh.Netlink;

/// <summary>
/// Names a request from its own bytes ("RTM_NEWNEIGH 198.19.0.5 lladdr 02:.. index 4"), so error
/// texts need no string built up front.
/// </summary>
internal static class RequestDescriber
{
    public static string Describe(ReadOnlySpan<byte> bytes)
    {
        var reader = new NetlinkMessageReader(bytes);
        if (!reader.MoveNext())
        {
            return "(empty request)";
        }

        var message = reader.Current;
        var subject = message.Type switch
        {
            Rtm.RTM_NEWLINK or Rtm.RTM_DELLINK or Rtm.RTM_GETLINK => Link(message),
            Rtm.RTM_NEWADDR or Rtm.RTM_DELADDR => Address(message),
            Rtm.RTM_NEWROUTE or Rtm.RTM_DELROUTE => Route(message),
            Rtm.RTM_NEWNEIGH or Rtm.RTM_DELNEIGH => Neighbor(message),
            Rtm.RTM_NEWNEXTHOP or Rtm.RTM_DELNEXTHOP => Nexthop(message),
            _ => "",
        };
        var name = Rtm.Name(message.Type);
        return subject.Length == 0 ? name : $"{name} {subject}";
    }

    private static string Link(in NetlinkMessage message)
    {
        var header = message.ReadFamilyHeader<IfInfoMsg>();
        foreach (var attribute in message.Attributes<IfInfoMsg>())
        {
            if (attribute.Type == Ifla.IFLA_IFNAME)
            {
                return attribute.AsString();
            }
        }

        return $"index {header.Index}";
    }

    private static string Address(in NetlinkMessage message)
    {
        var header = message.ReadFamilyHeader<IfAddrMsg>();
        return $"{Find(message.Attributes<IfAddrMsg>(), Ifa.IFA_LOCAL)}/{header.PrefixLength} index {header.Index}";
    }

    private static string Route(in NetlinkMessage message)
    {
        var header = message.ReadFamilyHeader<RtMsg>();
        var dst = Find(message.Attributes<RtMsg>(), Rtm.RTA_DST)
            ?? (header.Family == Af.AF_INET6 ? IPAddress.IPv6Any : IPAddress.Any);
        var table = Find32(message.Attributes<RtMsg>(), Rtm.RTA_TABLE) ?? header.Table;
        return table == Rtm.RT_TABLE_MAIN ? $"{dst}/{header.DstLength}" : $"{dst}/{header.DstLength} table {table}";
    }

    private static string Neighbor(in NetlinkMessage message)
    {
        var header = message.ReadFamilyHeader<NdMsg>();
        var dst = Find(message.Attributes<NdMsg>(), Nda.NDA_DST);
        string? mac = null;
        foreach (var attribute in message.Attributes<NdMsg>())
        {
            if (attribute.Type == Nda.NDA_LLADDR)
            {
                mac = IpText.Mac(attribute.AsMac());
            }
        }

        return header.Family == Af.AF_BRIDGE
            ? $"fdb {mac}{(dst is null ? "" : $" dst {dst}")} index {header.Index}"
            : $"{dst}{(mac is null ? "" : $" lladdr {mac}")} index {header.Index}";
    }

    private static string Nexthop(in NetlinkMessage message)
    {
        var id = Find32(message.Attributes<NhMsg>(), Nha.NHA_ID);
        var gateway = Find(message.Attributes<NhMsg>(), Nha.NHA_GATEWAY);
        var oif = Find32(message.Attributes<NhMsg>(), Nha.NHA_OIF);
        var group = message.Type == Rtm.RTM_NEWNEXTHOP ? Decoding.NexthopDecoder.Decode(message).Group : null;
        return $"id {id}{(group is null ? "" : $" {group}")}{(gateway is null ? "" : $" via {gateway}")}{(oif is null ? "" : $" index {oif}")}";
    }

    private static IPAddress? Find(NetlinkAttributeReader attributes, ushort type)
    {
        foreach (var attribute in attributes)
        {
            if (attribute.Type == type)
            {
                return attribute.AsAddress();
            }
        }

        return null;
    }

    private static uint? Find32(NetlinkAttributeReader attributes, ushort type)
    {
        foreach (var attribute in attributes)
        {
            if (attribute.Type == type)
            {
                return attribute.AsU32();
            }
        }

        return null;
    }
}
