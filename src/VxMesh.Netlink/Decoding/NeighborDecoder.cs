using System.Net;
using System.Net.NetworkInformation;
using VxMesh.Netlink.Wire;

namespace VxMesh.Netlink.Decoding;

/// <summary>
/// RTM_NEWNEIGH / RTM_DELNEIGH. One message type serves two tables: AF_BRIDGE messages are FDB
/// entries, AF_INET/AF_INET6 ones are ARP/NDP neighbours.
/// </summary>
internal static class NeighborDecoder
{
    public static bool IsFdb(in NetlinkMessage message) => message.ReadFamilyHeader<NdMsg>().Family == Af.AF_BRIDGE;

    /// <summary>Neighbour entry, or null for entries without an IP (should not happen outside AF_BRIDGE).</summary>
    public static NeighborInfo? DecodeNeighbor(in NetlinkMessage message)
    {
        var header = message.ReadFamilyHeader<NdMsg>();
        var (dst, mac, _, protocol) = ReadAttributes(message);
        return dst is null ? null : new NeighborInfo(header.Index, dst, mac, header.State, header.Flags, protocol);
    }

    /// <summary>FDB entry, or null for the rare entry without a MAC.</summary>
    public static FdbInfo? DecodeFdb(in NetlinkMessage message)
    {
        var header = message.ReadFamilyHeader<NdMsg>();
        var (dst, mac, master, _) = ReadAttributes(message);
        return mac is null ? null : new FdbInfo(header.Index, mac, dst, header.State, header.Flags, master);
    }

    private static (IPAddress? Dst, PhysicalAddress? Mac, int? Master, byte Protocol) ReadAttributes(in NetlinkMessage message)
    {
        IPAddress? dst = null;
        PhysicalAddress? mac = null;
        int? master = null;
        byte protocol = 0;
        foreach (var attribute in message.Attributes<NdMsg>())
        {
            switch (attribute.Type)
            {
                case Nda.NDA_DST: dst = attribute.AsAddress(); break;
                case Nda.NDA_LLADDR: mac = attribute.AsMac(); break;
                case Nda.NDA_MASTER: master = attribute.AsInt32(); break;
                case Nda.NDA_PROTOCOL: protocol = attribute.AsU8(); break;
            }
        }

        return (dst, mac, master, protocol);
    }
}
