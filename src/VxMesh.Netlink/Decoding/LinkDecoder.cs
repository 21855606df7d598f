using System.Net.NetworkInformation;
using VxMesh.Netlink.Wire;

namespace VxMesh.Netlink.Decoding;

/// <summary>RTM_NEWLINK / RTM_DELLINK → <see cref="LinkInfo"/>.</summary>
internal static class LinkDecoder
{
    public static LinkInfo Decode(in NetlinkMessage message)
    {
        var header = message.ReadFamilyHeader<IfInfoMsg>();
        string name = "";
        string? kind = null;
        PhysicalAddress? mac = null;
        int mtu = 0;
        int? lower = null;
        VxlanInfo? vxlan = null;
        string? alias = null;
        foreach (var attribute in message.Attributes<IfInfoMsg>())
        {
            switch (attribute.Type)
            {
                case Ifla.IFLA_IFNAME: name = attribute.AsString(); break;
                case Ifla.IFLA_ADDRESS: mac = attribute.AsMac(); break;
                case Ifla.IFLA_MTU: mtu = (int)attribute.AsU32(); break;
                case Ifla.IFLA_LINK: lower = attribute.AsInt32(); break;
                case Ifla.IFLA_LINKINFO: (kind, vxlan) = DecodeLinkInfo(attribute.Nested()); break;
                case Ifla.IFLA_IFALIAS: alias = attribute.AsString(); break;
            }
        }

        // A removed alias is dumped as an empty attribute, which is no alias.
        return new LinkInfo(header.Index, name, kind, mac, mtu, (header.Flags & Ifla.IFF_UP) != 0, lower, vxlan)
        {
            Alias = string.IsNullOrEmpty(alias) ? null : alias,
        };
    }

    private static (string? Kind, VxlanInfo? Vxlan) DecodeLinkInfo(NetlinkAttributeReader attributes)
    {
        string? kind = null;
        VxlanInfo? vxlan = null;
        foreach (var attribute in attributes)
        {
            if (attribute.Type == Ifla.IFLA_INFO_KIND)
            {
                kind = attribute.AsString();
            }
            else if (attribute.Type == Ifla.IFLA_INFO_DATA && kind == "vxlan")
            {
                // The kernel writes IFLA_INFO_KIND before IFLA_INFO_DATA, so kind is known here.
                vxlan = DecodeVxlan(attribute.Nested());
            }
        }

        return (kind, vxlan);
    }

    private static VxlanInfo DecodeVxlan(NetlinkAttributeReader attributes)
    {
        var info = new VxlanInfo(0, 0, null, null, Learning: false);
        foreach (var attribute in attributes)
        {
            info = attribute.Type switch
            {
                Ifla.IFLA_VXLAN_ID => info with { Vni = attribute.AsU32() },
                Ifla.IFLA_VXLAN_PORT => info with { Port = attribute.AsBigEndianU16() },
                Ifla.IFLA_VXLAN_LOCAL or Ifla.IFLA_VXLAN_LOCAL6 => info with { Local = attribute.AsAddress() },
                Ifla.IFLA_VXLAN_LINK => info with { UnderlayIndex = attribute.AsInt32() },
                Ifla.IFLA_VXLAN_LEARNING => info with { Learning = attribute.AsU8() != 0 },
                _ => info,
            };
        }

        return info;
    }
}
