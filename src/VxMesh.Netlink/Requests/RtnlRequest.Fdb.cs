using System.Net;
using System.Net.NetworkInformation;
using VxMesh.Netlink.Wire;

namespace VxMesh.Netlink;

public static partial class RtnlRequest
{
    // bridge(8) starts every FDB request from NUD_NOARP and adds NUD_PERMANENT for "permanent";
    // matching it keeps our entries identical to ones made by hand.
    private const ushort FdbPermanent = Nda.NUD_NOARP | Nda.NUD_PERMANENT;

    /// <summary>
    /// <c>bridge fdb replace MAC dev D dst IP self permanent [extern_learn]</c>. RTM_NEWNEIGH,
    /// NLM_F_REQUEST|NLM_F_CREATE|NLM_F_REPLACE, AF_BRIDGE, ndm_flags NTF_SELF (|NTF_EXT_LEARNED), ndm_state
    /// NUD_PERMANENT|NUD_NOARP (what bridge sends), NDA_LLADDR then NDA_DST. On a vxlan device replace
    /// rewrites the entry's (first) remote, so a unicast MAC keeps exactly one destination.
    /// <para>
    /// NTF_EXT_LEARNED ("an external control plane's entry") is the only owner mark a VXLAN FDB entry
    /// can carry (it has no protocol). The vxlan driver sets it only when it creates the entry, and
    /// a replace without it clears it (6.18, tried): whoever rewrites an entry by hand takes it over.
    /// </para>
    /// </summary>
    public static NetlinkRequest ReplaceFdb(int index, PhysicalAddress mac, IPAddress dst, bool externLearned = false) =>
        Fdb(Rtm.RTM_NEWNEIGH, CreateOrReplace, index, mac, dst, externLearned ? (byte)(Nda.NTF_SELF | Nda.NTF_EXT_LEARNED) : Nda.NTF_SELF);

    /// <summary>
    /// <c>bridge fdb append MAC dev D dst IP self permanent</c>. RTM_NEWNEIGH,
    /// NLM_F_REQUEST|NLM_F_CREATE|NLM_F_APPEND: adds one more remote to the entry, as used for the
    /// all-zero MAC that floods BUM traffic to every peer. The same remote twice is a no-op (errno 0).
    /// </summary>
    public static NetlinkRequest AppendFdb(int index, PhysicalAddress mac, IPAddress dst) =>
        Fdb(Rtm.RTM_NEWNEIGH, CreateOrAppend, index, mac, dst, Nda.NTF_SELF);

    /// <summary>
    /// <c>bridge fdb del MAC dev D [dst IP] self</c>. RTM_DELNEIGH, NLM_F_REQUEST, AF_BRIDGE, NTF_SELF.
    /// With a dst only that remote goes; without, the whole entry. Absent MAC: ENOENT; a dst that is
    /// not one of the entry's remotes is answered with 0 and changes nothing.
    /// </summary>
    public static NetlinkRequest DeleteFdb(int index, PhysicalAddress mac, IPAddress? dst) =>
        Fdb(Rtm.RTM_DELNEIGH, Request, index, mac, dst, Nda.NTF_SELF);

    private static NetlinkRequest Fdb(ushort type, ushort flags, int index, PhysicalAddress mac, IPAddress? dst, byte ntf)
    {
        var header = new NdMsg { Family = Af.AF_BRIDGE, Index = index, State = FdbPermanent, Flags = ntf };
        var writer = Start(type, flags, header);
        writer.AddMac(Nda.NDA_LLADDR, mac);
        if (dst is not null)
        {
            writer.AddAddress(Nda.NDA_DST, dst);
        }
        return Finish(writer);
    }
}
