using System.Net;
using System.Net.NetworkInformation;
using System.Text;

namespace VxMesh.Netlink;

/// <summary>
/// A forwarding-database entry (AF_BRIDGE RTM_NEWNEIGH). A vxlan device keys entries by MAC and
/// keeps one or more remote destinations per MAC; each remote comes back as its own entry.
/// </summary>
/// <param name="Dst">NDA_DST: the remote VTEP (vxlan only).</param>
/// <param name="State">NUD_* bits; "permanent" is NUD_PERMANENT.</param>
/// <param name="Flags">NTF_* bits: NTF_SELF (0x02) for the device's own table, NTF_MASTER for the bridge's.</param>
/// <param name="MasterIndex">NDA_MASTER: the bridge, for entries of a bridge port.</param>
public sealed record FdbInfo(int Index, PhysicalAddress Mac, IPAddress? Dst, ushort State, byte Flags, int? MasterIndex)
{
    public bool IsPermanent => (State & Wire.Nda.NUD_PERMANENT) != 0;

    public bool IsSelf => (Flags & Wire.Nda.NTF_SELF) != 0;

    /// <summary>NTF_EXT_LEARNED (bridge's "extern_learn"): put there by an external control plane.</summary>
    public bool IsExternLearned => (Flags & Wire.Nda.NTF_EXT_LEARNED) != 0;

    /// <summary>Made by hand or by a program rather than learned by the driver: NUD_PERMANENT or NUD_NOARP.</summary>
    public bool IsStatic => (State & (Wire.Nda.NUD_PERMANENT | Wire.Nda.NUD_NOARP)) != 0;

    public (int Index, PhysicalAddress Mac, IPAddress? Dst) Key => (Index, Mac, Dst);

    /// <summary>Like <c>bridge fdb</c>: "02:00:00:00:00:05 dev if4 dst 198.18.0.2 self permanent".</summary>
    public override string ToString() => ToString(null);

    public string ToString(Func<int, string?>? nameOf)
    {
        var text = new StringBuilder($"{IpText.Mac(Mac)} dev {IpText.Dev(Index, nameOf)}");
        if (Dst is not null)
        {
            text.Append($" dst {Dst}");
        }

        if (MasterIndex is { } master)
        {
            text.Append($" master {IpText.Dev(master, nameOf)}");
        }

        text.Append(IsSelf ? " self" : "").Append(IsExternLearned ? " extern_learn" : "");
        return text.Append(IsPermanent ? " permanent" : (State & Wire.Nda.NUD_NOARP) != 0 ? " static" : "").ToString();
    }
}
