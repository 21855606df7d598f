using System.Net.Sockets;
using VxMesh.Netlink.Decoding;
using VxMesh.Netlink.Wire;

namespace VxMesh.Netlink;

public sealed partial class RtnlClient
{
    /// <summary><c>ip -d link show</c>: every link of the namespace (RTM_GETLINK, NLM_F_REQUEST|NLM_F_DUMP).</summary>
    public IReadOnlyList<LinkInfo> GetLinks() =>
        Dump(RtnlDumpRequest.Links(), static (in NetlinkMessage m) => LinkDecoder.Decode(m));

    /// <summary>
    /// <c>ip -d link show dev NAME</c> (RTM_GETLINK with IFLA_IFNAME, NLM_F_REQUEST); null when there
    /// is no such link (ENODEV).
    /// </summary>
    public LinkInfo? GetLink(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        lock (_gate)
        {
            return DumpRunner.Get(_channel, RtnlDumpRequest.Link(name), static (in NetlinkMessage m) => LinkDecoder.Decode(m));
        }
    }

    /// <summary><c>ip [-4|-6] addr show</c> (RTM_GETADDR, NLM_F_REQUEST|NLM_F_DUMP); null family = both.</summary>
    public IReadOnlyList<AddressInfo> GetAddresses(AddressFamily? family = null) =>
        Dump(RtnlDumpRequest.Addresses(family), static (in NetlinkMessage m) => AddressDecoder.Decode(m))
            .Where(a => family is null or AddressFamily.Unspecified || a.Family == family)
            .ToList();

    /// <summary>
    /// <c>ip [-4|-6] neigh show [dev D]</c> (RTM_GETNEIGH, NLM_F_REQUEST|NLM_F_DUMP): the ARP
    /// (InterNetwork) or NDP (InterNetworkV6) table, filtered by the kernel (NDA_IFINDEX) and again here.
    /// </summary>
    public IReadOnlyList<NeighborInfo> GetNeighbors(AddressFamily family, int? index = null)
    {
        var native = Af.ToNative(family);
        return Dump(RtnlDumpRequest.Neighbors(native, index), static (in NetlinkMessage m) => NeighborDecoder.DecodeNeighbor(m))
            .Where(n => n.Ip.AddressFamily == family && (index is null || n.Index == index))
            .ToList();
    }

    /// <summary>
    /// <c>bridge fdb show dev D</c> (RTM_GETNEIGH AF_BRIDGE with ndm_ifindex, NLM_F_REQUEST|NLM_F_DUMP):
    /// entries of one device (its own and, for a bridge port, the bridge's).
    /// </summary>
    public IReadOnlyList<FdbInfo> GetFdb(int index) =>
        Dump(RtnlDumpRequest.Neighbors(Af.AF_BRIDGE, index), static (in NetlinkMessage m) => NeighborDecoder.DecodeFdb(m))
            .Where(f => f.Index == index)
            .ToList();

    /// <summary><c>ip nexthop show</c> (RTM_GETNEXTHOP, NLM_F_REQUEST|NLM_F_DUMP): nexthop objects of every family.</summary>
    public IReadOnlyList<NexthopInfo> GetNexthops() =>
        Dump(RtnlDumpRequest.Nexthops(), static (in NetlinkMessage m) => NexthopDecoder.Decode(m));

    /// <summary>
    /// <c>ip [-4|-6] route show table T</c> (RTM_GETROUTE, NLM_F_REQUEST|NLM_F_DUMP, table filtered by
    /// the kernel): every route type of one table (main by default); cached clones are not included.
    /// </summary>
    public IReadOnlyList<RouteInfo> GetRoutes(AddressFamily family, uint table = Rtm.RT_TABLE_MAIN) =>
        Dump(RtnlDumpRequest.Routes(family, table), static (in NetlinkMessage m) => RouteDecoder.Decode(m))
            .Where(r => r.Table == table && r.Destination.BaseAddress.AddressFamily == family)
            .ToList();

    private List<T> Dump<T>(NetlinkRequest request, MessageDecoder<T> decode)
        where T : class
    {
        lock (_gate)
        {
            return DumpRunner.Dump(_channel, request, decode);
        }
    }
}
