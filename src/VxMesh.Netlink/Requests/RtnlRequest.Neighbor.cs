using System.Net;
using System.Net.NetworkInformation;
using VxMesh.Netlink.Wire;

namespace VxMesh.Netlink;

public static partial class RtnlRequest
{
    /// <summary>
    /// <c>ip neigh replace IP lladdr MAC dev D nud permanent [protocol P]</c>. RTM_NEWNEIGH,
    /// NLM_F_REQUEST|NLM_F_CREATE|NLM_F_REPLACE, ndm_state NUD_PERMANENT, NDA_PROTOCOL (when not 0),
    /// NDA_DST then NDA_LLADDR. The protocol marks whose entry it is (the kernel keeps it, since 5.2);
    /// a replace without one keeps the entry's. Note: the kernel flushes a device's neighbours,
    /// permanent ones included, when the device goes down or changes MAC.
    /// </summary>
    public static NetlinkRequest ReplaceNeighbor(int index, IPAddress ip, PhysicalAddress mac, byte protocol = 0)
    {
        var header = new NdMsg { Family = Af.ToNative(ip.AddressFamily), Index = index, State = Nda.NUD_PERMANENT };
        var writer = Start(Rtm.RTM_NEWNEIGH, CreateOrReplace, header);
        if (protocol != 0)
        {
            writer.AddU8(Nda.NDA_PROTOCOL, protocol);
        }
        writer.AddAddress(Nda.NDA_DST, ip);
        writer.AddMac(Nda.NDA_LLADDR, mac);
        return Finish(writer);
    }

    /// <summary><c>ip neigh del IP dev D</c>. RTM_DELNEIGH, NLM_F_REQUEST. Absent: ENOENT.</summary>
    public static NetlinkRequest DeleteNeighbor(int index, IPAddress ip)
    {
        var header = new NdMsg { Family = Af.ToNative(ip.AddressFamily), Index = index, State = Nda.NUD_PERMANENT };
        var writer = Start(Rtm.RTM_DELNEIGH, Request, header);
        writer.AddAddress(Nda.NDA_DST, ip);
        return Finish(writer);
    }
}
