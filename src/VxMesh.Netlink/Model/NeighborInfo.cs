using System.Net;
using System.Net.NetworkInformation;

namespace VxMesh.Netlink;

/// <summary>An ARP / NDP entry (AF_INET or AF_INET6 RTM_NEWNEIGH). The kernel keys it by (index, IP).</summary>
/// <param name="Mac">NDA_LLADDR; null while INCOMPLETE or FAILED.</param>
/// <param name="State">NUD_* bits (0x80 PERMANENT, 0x02 REACHABLE, 0x04 STALE ...).</param>
/// <param name="Flags">NTF_* bits (NTF_ROUTER, NTF_EXT_LEARNED ...).</param>
/// <param name="Protocol">NDA_PROTOCOL: who made the entry (0: not said, as the kernel's own and <c>ip neigh add</c>'s).</param>
public sealed record NeighborInfo(int Index, IPAddress Ip, PhysicalAddress? Mac, ushort State, byte Flags, byte Protocol = 0)
{
    public bool IsPermanent => (State & Wire.Nda.NUD_PERMANENT) != 0;

    /// <summary>Made by hand or by a program, not resolved by the kernel: NUD_PERMANENT or NUD_NOARP (<c>nud noarp</c>).</summary>
    public bool IsStatic => (State & (Wire.Nda.NUD_PERMANENT | Wire.Nda.NUD_NOARP)) != 0;

    public (int Index, IPAddress Ip) Key => (Index, Ip);

    /// <summary>Like <c>ip neigh</c>: "198.19.0.5 dev if4 lladdr 02:00:00:00:00:05 PERMANENT".</summary>
    public override string ToString() => ToString(null);

    public string ToString(Func<int, string?>? nameOf)
    {
        var lladdr = Mac is null ? "" : $" lladdr {IpText.Mac(Mac)}";
        return $"{Ip} dev {IpText.Dev(Index, nameOf)}{lladdr} {IpText.NudState(State)}{(Protocol == 0 ? "" : $" proto {Protocol}")}";
    }
}
