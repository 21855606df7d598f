using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using VxMesh.Netlink.Wire;

namespace VxMesh.Netlink;

public static partial class RtnlRequest
{
    /// <summary>
    /// <c>ip link add NAME [address MAC] [mtu MTU] type vxlan id VNI dstport PORT local LOCAL [dev UNDERLAY] nolearning</c>.
    /// RTM_NEWLINK, NLM_F_REQUEST|NLM_F_CREATE|NLM_F_EXCL. Sends only what iproute2 6.1 sends (IFLA_VXLAN_LINK,
    /// ID, LOCAL/LOCAL6, LEARNING, PORT, in that order) so every other setting (ttl 0, df unset, ageing 300,
    /// udp_csum on ...) is the kernel default, exactly as with ip. The port is big-endian on the wire.
    /// </summary>
    public static NetlinkRequest CreateVxlan(VxlanLinkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var nameBytes = Encoding.UTF8.GetByteCount(spec.Name);
        if (nameBytes is 0 or > Ifla.MaxNameLength || spec.Name.Contains('/') || spec.Name.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"invalid interface name '{spec.Name}' (1-15 bytes, no '/' or spaces)", nameof(spec));
        }

        if (spec.Port is < 1 or > ushort.MaxValue || spec.Vni > 0xFFFFFF)
        {
            throw new ArgumentOutOfRangeException(nameof(spec), $"vni {spec.Vni} (max 16777215) or port {spec.Port} out of range");
        }

        var writer = Start(Rtm.RTM_NEWLINK, CreateExclusive, new IfInfoMsg());
        writer.AddString(Ifla.IFLA_IFNAME, spec.Name);
        if (spec.Mac is not null)
        {
            writer.AddMac(Ifla.IFLA_ADDRESS, spec.Mac);
        }

        if (spec.Mtu is { } mtu)
        {
            writer.AddU32(Ifla.IFLA_MTU, (uint)mtu);
        }

        var linkInfo = writer.BeginNested(Ifla.IFLA_LINKINFO);
        writer.AddString(Ifla.IFLA_INFO_KIND, "vxlan", nulTerminated: false);
        var data = writer.BeginNested(Ifla.IFLA_INFO_DATA);
        if (spec.UnderlayIndex is { } underlay)
        {
            writer.AddU32(Ifla.IFLA_VXLAN_LINK, (uint)underlay);
        }

        writer.AddU32(Ifla.IFLA_VXLAN_ID, spec.Vni);
        var localType = spec.Local.AddressFamily == AddressFamily.InterNetworkV6 ? Ifla.IFLA_VXLAN_LOCAL6 : Ifla.IFLA_VXLAN_LOCAL;
        writer.AddAddress(localType, spec.Local);
        writer.AddU8(Ifla.IFLA_VXLAN_LEARNING, spec.Learning ? (byte)1 : (byte)0);
        writer.AddBigEndianU16(Ifla.IFLA_VXLAN_PORT, (ushort)spec.Port);
        writer.EndNested(data);
        writer.EndNested(linkInfo);
        return Finish(writer);
    }

    /// <summary>
    /// <c>ip link set dev D [address MAC] [mtu MTU] [alias ALIAS] [up|down]</c>. RTM_NEWLINK, NLM_F_REQUEST (no
    /// create flags: the link must exist). Only the given settings are sent; ifi_change masks IFF_UP.
    /// The alias (IFLA_IFALIAS, NUL-terminated) is set here and not in <see cref="CreateVxlan"/>: the kernel
    /// applies it only to an existing link (Linux 6.18 drops it from a create, as `ip link add … alias` shows).
    /// </summary>
    public static NetlinkRequest SetLink(int index, PhysicalAddress? mac = null, int? mtu = null, bool? up = null, string? alias = null)
    {
        if (alias is not null && (alias.Length == 0 || Encoding.UTF8.GetByteCount(alias) > Ifla.MaxAliasLength || alias.Contains('\0')))
        {
            throw new ArgumentException($"invalid alias '{alias}' (1-{Ifla.MaxAliasLength} bytes, no NUL)", nameof(alias));
        }

        var header = new IfInfoMsg
        {
            Index = index,
            Change = up is null ? 0 : Ifla.IFF_UP,
            Flags = up == true ? Ifla.IFF_UP : 0,
        };
        var writer = Start(Rtm.RTM_NEWLINK, Request, header);
        if (mac is not null)
        {
            writer.AddMac(Ifla.IFLA_ADDRESS, mac);
        }

        if (mtu is { } value)
        {
            writer.AddU32(Ifla.IFLA_MTU, (uint)value);
        }

        if (alias is not null)
        {
            writer.AddString(Ifla.IFLA_IFALIAS, alias);
        }

        return Finish(writer);
    }

    /// <summary><c>ip link del dev D</c>. RTM_DELLINK, NLM_F_REQUEST, by ifi_index. Absent: ENODEV.</summary>
    public static NetlinkRequest DeleteLink(int index)
    {
        var writer = Start(Rtm.RTM_DELLINK, Request, new IfInfoMsg { Index = index });
        return Finish(writer);
    }
}
