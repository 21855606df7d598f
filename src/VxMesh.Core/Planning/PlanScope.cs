using System.Net;
using System.Net.NetworkInformation;

namespace VxMesh.Core.Planning;

/// <summary>
/// What changed between two consecutive plans of one node: the kernel keys of every entry that
/// was added, removed or rewritten (old and new), and the new entries themselves. A reconciler
/// whose dataplane matched the previous plan only needs to look at these keys.
/// </summary>
public sealed class PlanScope
{
    public HashSet<IPAddress> NeighborIps { get; } = [];

    public HashSet<PhysicalAddress> FdbMacs { get; } = [];

    public HashSet<IPNetwork> RouteDestinations { get; } = [];

    /// <summary>Route gateways (old and new), which name the nexthop objects involved.</summary>
    public HashSet<IPAddress> Gateways { get; } = [];

    /// <summary>Underlay addresses (old and new) of the changed peers: the only ingress-filter elements that can differ.</summary>
    public HashSet<IPAddress> Sources { get; } = [];

    public List<NeighborEntry> Neighbors { get; } = [];

    public List<FdbEntry> Fdb { get; } = [];

    public List<RouteEntry> Routes { get; } = [];

    internal void Touch(PeerFragment fragment, bool current)
    {
        NeighborIps.Add(fragment.Neighbor.Ip);
        Sources.Add(fragment.Peer.Underlay);
        FdbMacs.Add(fragment.Fdb.Mac);
        foreach (var route in fragment.Routes)
        {
            RouteDestinations.Add(route.Destination);
            Gateways.Add(route.Gateway);
        }
        if (current)
        {
            Neighbors.Add(fragment.Neighbor);
            Fdb.Add(fragment.Fdb);
            Routes.AddRange(fragment.Routes);
        }
    }
}

/// <summary>Everything one peer contributes to a node's plan.</summary>
internal sealed record PeerFragment(string Cluster, Model.NodeSpec Spec, PeerPlan Peer, NeighborEntry Neighbor, FdbEntry Fdb, RouteEntry[] Routes);
