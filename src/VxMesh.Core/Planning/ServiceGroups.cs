using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using VxMesh.Core.Model;

namespace VxMesh.Core.Planning;

/// <summary>
/// Remote service ranges, spread over every node of their cluster (issue 9). A ClusterIP is virtual:
/// only the kube-proxy of its own cluster translates it, and every node of that cluster runs one. So
/// each remote cluster's serviceCidrs are routed through one kernel nexthop group whose members are that
/// cluster's nodes' own nexthops: flows spread per flow (L4 hash) over all of them, with no gateway node
/// to bottleneck or fail (Submariner's #2890/#2891).
/// <para>
/// Members: every node of the remote cluster that this node routes to, whatever its path — vxlan
/// (<c>via VTEP dev vxmesh0 [onlink]</c>) or host-gw (<c>via underlay dev eth0</c>). Both are plain gateway
/// nexthops, which is what the kernel takes in a group (it refuses groups, blackholes and FDB nexthops as
/// members, and IPv4 gateways for IPv6 routes); members may sit on different devices. Own-cluster
/// ranges are never routed: the node's own kube-proxy handles them.
/// </para>
/// <para>
/// Size: a group holds at most <see cref="MaxMembers"/>. The kernel expands a group's members into every
/// dump of the routes using it (nexthop_compat_mode), and a message larger than a dump buffer (32 KiB)
/// cannot be dumped at all; 256 members keep that message near 4 KiB and each membership change one small
/// write. A larger cluster is represented by the 256 nodes ranked highest for this node (rendezvous
/// hashing on both names): different nodes pick different subsets, so the whole remote cluster still
/// carries traffic, and a node joining or leaving moves at most one member in or out.
/// </para>
/// </summary>
public static class ServiceGroups
{
    public const int MaxMembers = 256;

    /// <summary>Group ids live in the top 1/16 of VxMesh's nexthop range, where per-peer ids never go.</summary>
    public const uint IdBase = Ownership.GroupIdBase;

    public const uint IdCount = Ownership.GroupIdCount;

    /// <summary>1,024 buckets (≥ 4 per member at the cap); the kernel's default idle timer; rebalance by force after 10 minutes.</summary>
    public static GroupShape Shape { get; } = new(Buckets: 1024, IdleTimerMs: 120_000, UnbalancedTimerMs: 600_000);

    /// <summary>The sysctl that makes multipath hashing use ports as well as addresses, per address family.</summary>
    public static SysctlSetting HashPolicy(AddressFamily family) =>
        new($"net.{(family == AddressFamily.InterNetworkV6 ? "ipv6" : "ipv4")}.fib_multipath_hash_policy", "1",
            "remote service ranges are spread per flow (L4 hash) over the remote cluster's nodes; the default (0) hashes addresses only, so one client would always reach one node");

    /// <summary>
    /// A group id per cluster, from its name alone (SHA-256 into <see cref="IdCount"/> slots, the next free slot
    /// on a collision, clusters taken in name order), so every node of the mesh gives a cluster the same id and
    /// adding a cluster moves no other one unless their hashes collide.
    /// </summary>
    public static Dictionary<string, uint> Ids(IEnumerable<string> clusters)
    {
        var ids = new Dictionary<string, uint>(StringComparer.Ordinal);
        var taken = new HashSet<uint>();
        foreach (var name in clusters.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var slot = BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes("vxmesh-group:" + name))) % IdCount;
            while (!taken.Add(slot))
            {
                slot = (slot + 1) % IdCount;
            }
            ids[name] = IdBase + slot;
        }
        return ids;
    }

    /// <summary>Rendezvous weight of <paramref name="peer"/> for <paramref name="self"/>: FNV-1a over both names, then a 64-bit finaliser.</summary>
    public static ulong Rank(string self, string peer)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in self)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        hash = (hash ^ 0xff) * 1099511628211UL;
        foreach (var c in peer)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9fe1a85ec53UL;
        return hash ^ (hash >> 33);
    }

    /// <summary>Which candidates are members: highest rank first (ties by node name), at most <see cref="MaxMembers"/>.</summary>
    public static IComparer<GroupCandidate> Preference { get; } = Comparer<GroupCandidate>.Create((a, b) =>
    {
        var c = b.Rank.CompareTo(a.Rank);
        return c != 0 ? c : string.CompareOrdinal(a.Member.Peer, b.Member.Peer);
    });

    /// <summary>The members of a group from its candidates, in the group's order (by gateway, then device).</summary>
    public static ValueList<GroupMember> Members(IEnumerable<GroupCandidate> candidates) =>
        Order(candidates.Order(Preference).Take(MaxMembers).Select(c => c.Member));

    public static ValueList<GroupMember> Order(IEnumerable<GroupMember> members) =>
        members.OrderBy(m => AddressOrder.Key(m.Gateway)).ThenBy(m => m.Device, StringComparer.Ordinal).ThenBy(m => m.Onlink).ToValueList();
}
