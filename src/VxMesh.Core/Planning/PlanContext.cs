using VxMesh.Core.Model;

namespace VxMesh.Core.Planning;

/// <summary>
/// Everything about one node's plan that does not depend on any single peer: the mesh settings,
/// the node itself, its facts, and what follows from them (device, address, MTU, warnings). Two
/// equal contexts plan every peer the same way, so a caller holding the peers' contributions from
/// an earlier context may keep them as long as the context compares equal; any other change (mesh
/// settings, this node's spec or cluster, its facts, the clusters and their service ranges) means
/// planning every peer again.
/// </summary>
/// <param name="Services">Every other cluster's service ranges with its group id, in cluster-name order.</param>
/// <param name="Sysctls">Kernel settings the plan needs (the L4 multipath hash when services are routed).</param>
public sealed record PlanContext(
    MeshSettings Mesh,
    string Cluster,
    NodeSpec Self,
    NodeFacts Facts,
    VxlanDevice Device,
    InterfaceAddress Address,
    MtuReport Mtu,
    ValueList<string> Warnings,
    ValueList<RemoteServices> Services,
    ValueList<SysctlSetting> Sysctls)
{
    /// <summary>
    /// Peers left out of every service group though routed (their pod blocks keep their routes): nodes an
    /// overlay probe found unreachable, so new service flows should not hash to them. Sorted node names;
    /// a name that is no peer changes nothing.
    /// </summary>
    public ValueList<string> Withdrawn { get; init; } = ValueList<string>.Empty;

    /// <summary>The inner sources every peer shares (<see cref="InnerSources.Ranges"/>): other clusters' pod and service ranges, the VTEP range.</summary>
    public ValueList<System.Net.IPNetwork> InnerRanges { get; init; } = ValueList<System.Net.IPNetwork>.Empty;

    /// <summary>The group of <paramref name="cluster"/>'s service ranges; null when it has none (or is this node's own).</summary>
    public RemoteServices? ServicesOf(string cluster)
    {
        foreach (var s in Services)
        {
            if (s.Cluster == cluster)
            {
                return s;
            }
        }
        return null;
    }
}

/// <summary>
/// Everything one peer contributes to a node's plan, keyed as the kernel keys it: the ARP entry,
/// the FDB entry, a route per block when routed, its underlay address for the ingress filter, and —
/// when its cluster's service ranges are routed — its candidacy for that cluster's nexthop group.
/// </summary>
public sealed record PeerFragment(PeerPlan Peer, NeighborEntry Neighbor, FdbEntry Fdb, ValueList<RouteEntry> Routes, GroupCandidate? Service = null);
