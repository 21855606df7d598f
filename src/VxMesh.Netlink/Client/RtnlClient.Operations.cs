using System.Net;
using System.Net.NetworkInformation;

namespace VxMesh.Netlink;

// Single operations. Each throws NetlinkException when the kernel refuses; the same requests can be
// batched through Execute via the RtnlRequest factories named in each comment.
public sealed partial class RtnlClient
{
    /// <summary>
    /// <c>ip link add NAME type vxlan id VNI dstport PORT local LOCAL dev UNDERLAY nolearning</c>
    /// (RTM_NEWLINK, NLM_F_REQUEST|NLM_F_CREATE|NLM_F_EXCL|NLM_F_ACK; see <see cref="RtnlRequest.CreateVxlan"/>).
    /// Returns the new link as the kernel reports it. Existing name: EEXIST.
    /// </summary>
    public LinkInfo CreateVxlan(VxlanLinkSpec spec)
    {
        Apply(RtnlRequest.CreateVxlan(spec));
        return GetLink(spec.Name) ?? throw new NetlinkException(Errno.ENODEV, $"RTM_GETLINK {spec.Name} after create");
    }

    /// <summary><c>ip link set dev D [address MAC] [mtu MTU] [alias ALIAS] [up|down]</c> (RTM_NEWLINK, NLM_F_REQUEST|NLM_F_ACK).</summary>
    public void SetLink(int index, PhysicalAddress? mac = null, int? mtu = null, bool? up = null, string? alias = null) =>
        Apply(RtnlRequest.SetLink(index, mac, mtu, up, alias));

    /// <summary><c>ip link del dev D</c> (RTM_DELLINK, NLM_F_REQUEST|NLM_F_ACK). Absent: ENODEV.</summary>
    public void DeleteLink(int index) => Apply(RtnlRequest.DeleteLink(index));

    /// <summary><c>ip addr replace A/P dev D</c> (RTM_NEWADDR, NLM_F_REQUEST|NLM_F_CREATE|NLM_F_REPLACE|NLM_F_ACK).</summary>
    public void ReplaceAddress(int index, IPAddress address, int prefixLength) =>
        Apply(RtnlRequest.ReplaceAddress(index, address, prefixLength));

    /// <summary><c>ip addr del A/P dev D</c> (RTM_DELADDR, NLM_F_REQUEST|NLM_F_ACK). Absent: EADDRNOTAVAIL.</summary>
    public void DeleteAddress(int index, IPAddress address, int prefixLength) =>
        Apply(RtnlRequest.DeleteAddress(index, address, prefixLength));

    /// <summary>
    /// <c>ip neigh replace IP lladdr MAC dev D nud permanent [protocol P]</c>
    /// (RTM_NEWNEIGH, NLM_F_REQUEST|NLM_F_CREATE|NLM_F_REPLACE|NLM_F_ACK, NUD_PERMANENT).
    /// </summary>
    public void ReplaceNeighbor(int index, IPAddress ip, PhysicalAddress mac, byte protocol = 0) =>
        Apply(RtnlRequest.ReplaceNeighbor(index, ip, mac, protocol));

    /// <summary><c>ip neigh del IP dev D</c> (RTM_DELNEIGH, NLM_F_REQUEST|NLM_F_ACK). Absent: ENOENT.</summary>
    public void DeleteNeighbor(int index, IPAddress ip) => Apply(RtnlRequest.DeleteNeighbor(index, ip));

    /// <summary>
    /// <c>bridge fdb replace MAC dev D dst IP self permanent [extern_learn]</c> (RTM_NEWNEIGH AF_BRIDGE,
    /// NLM_F_REQUEST|NLM_F_CREATE|NLM_F_REPLACE|NLM_F_ACK, NTF_SELF (|NTF_EXT_LEARNED), NUD_PERMANENT|NUD_NOARP).
    /// </summary>
    public void ReplaceFdb(int index, PhysicalAddress mac, IPAddress dst, bool externLearned = false) =>
        Apply(RtnlRequest.ReplaceFdb(index, mac, dst, externLearned));

    /// <summary>
    /// <c>bridge fdb append MAC dev D dst IP self permanent</c> (RTM_NEWNEIGH AF_BRIDGE,
    /// NLM_F_REQUEST|NLM_F_CREATE|NLM_F_APPEND|NLM_F_ACK). The same remote twice is a no-op.
    /// </summary>
    public void AppendFdb(int index, PhysicalAddress mac, IPAddress dst) => Apply(RtnlRequest.AppendFdb(index, mac, dst));

    /// <summary><c>bridge fdb del MAC dev D [dst IP] self</c> (RTM_DELNEIGH AF_BRIDGE, NLM_F_REQUEST|NLM_F_ACK). Absent: ENOENT.</summary>
    public void DeleteFdb(int index, PhysicalAddress mac, IPAddress? dst) => Apply(RtnlRequest.DeleteFdb(index, mac, dst));

    /// <summary>
    /// <c>ip nexthop replace id N via G dev D [onlink] proto P</c>
    /// (RTM_NEWNEXTHOP, NLM_F_REQUEST|NLM_F_CREATE|NLM_F_REPLACE|NLM_F_ACK).
    /// </summary>
    public void ReplaceNexthop(uint id, IPAddress gateway, int index, bool onlink, byte protocol) =>
        Apply(RtnlRequest.ReplaceNexthop(id, gateway, index, onlink, protocol));

    /// <summary>
    /// <c>ip nexthop replace id N group A/B/… [type resilient …] proto P</c>
    /// (RTM_NEWNEXTHOP AF_UNSPEC, NLM_F_REQUEST|NLM_F_CREATE|NLM_F_REPLACE|NLM_F_ACK).
    /// </summary>
    public void ReplaceNexthopGroup(uint id, IReadOnlyList<NexthopGroupMember> members, ResilientGroupSpec? resilient, byte protocol) =>
        Apply(RtnlRequest.ReplaceNexthopGroup(id, members, resilient, protocol));

    /// <summary><c>ip nexthop del id N</c> (RTM_DELNEXTHOP, NLM_F_REQUEST|NLM_F_ACK). Absent: ENOENT.</summary>
    public void DeleteNexthop(uint id) => Apply(RtnlRequest.DeleteNexthop(id));

    /// <summary>
    /// <c>ip route replace DST nhid N proto P</c> or <c>ip route replace DST via G dev D [onlink] proto P</c>
    /// (RTM_NEWROUTE, NLM_F_REQUEST|NLM_F_CREATE|NLM_F_REPLACE|NLM_F_ACK, unicast, scope universe).
    /// </summary>
    public void ReplaceRoute(RouteSpec spec) => Apply(RtnlRequest.ReplaceRoute(spec));

    /// <summary>
    /// <c>ip route del DST [proto P] [table T] [metric M]</c> (RTM_DELROUTE, NLM_F_REQUEST|NLM_F_ACK,
    /// scope RT_SCOPE_NOWHERE). Absent: ESRCH.
    /// </summary>
    public void DeleteRoute(IPNetwork destination, uint table = 254, byte protocol = 0, uint? priority = null) =>
        Apply(RtnlRequest.DeleteRoute(destination, table, protocol, priority));
}
