using System.Net;
using VxMesh.Core.Model;

namespace VxMesh.Core.Planning;

/// <summary>
/// The planner with a memory: it keeps each peer's contribution (ARP, FDB, routes) from the
/// previous plan of the same node and rebuilds only the peers whose spec changed, so a node in a
/// mesh of 10,000 learns of one joining peer in O(n) cheap comparisons plus O(log n) work, and says
/// exactly which kernel keys changed (<see cref="PlanScope"/>). Anything that affects every peer —
/// mesh settings, this node's own spec or cluster, the node's facts — starts from scratch.
/// <see cref="Planner.Plan"/> is this class run once from empty, so the incremental and the full
/// plan are one code path and cannot disagree.
/// Not thread-safe: one instance per agent loop.
/// </summary>
public sealed class IncrementalPlanner
{
    private readonly Dictionary<string, PeerFragment> fragments = new(StringComparer.Ordinal);
    private readonly SortedBag<(string, string), PeerPlan> peers = new(p => (p.Cluster, p.Node));
    private readonly SortedBag<(int, UInt128), NeighborEntry> neighbors = new(n => AddressOrder.Key(n.Ip));
    private readonly SortedBag<ulong, FdbEntry> fdb = new(f => AddressOrder.Key(f.Mac));
    private readonly SortedBag<(int, UInt128, int), RouteEntry> routes = new(r => AddressOrder.Key(r.Destination));
    private readonly SortedBag<(int, UInt128), IPAddress> sources = new(AddressOrder.Key);
    private Context? context;

    private sealed record Context(MeshSettings Mesh, string Cluster, NodeSpec Self, NodeFacts Facts);

    /// <summary>Forgets the previous plan: the next one is complete and has no scope.</summary>
    public void Reset()
    {
        context = null;
        fragments.Clear();
        peers.Clear();
        neighbors.Clear();
        fdb.Clear();
        routes.Clear();
        sources.Clear();
    }

    /// <returns>The plan, and what changed since the previous call (null when everything was planned afresh).</returns>
    public (NodeState State, PlanScope? Scope) Plan(Inventory inventory, string nodeName, NodeFacts? facts = null)
    {
        facts ??= NodeFacts.Unknown;
        var (cluster, node) = inventory.FindNode(nodeName)
            ?? throw new ArgumentException($"node '{nodeName}' is not in {inventory.Source}", nameof(nodeName));
        var mesh = inventory.Mesh;
        var current = new Context(mesh, cluster.Name, node, facts);
        var scope = current == context ? new PlanScope() : null;
        if (scope is null)
        {
            Reset();
            context = current;
            ForEachBag(b => b.BeginBulk());
        }

        var mtu = Planner.PlanMtu(mesh, node, cluster, facts);
        var device = new VxlanDevice(mesh.Device, mesh.Vni, mesh.Port, node.Ip,
            node.UnderlayDev ?? facts.UnderlayDev, node.VtepMac, mtu.DeviceMtu, mesh.TxChecksumOffload);
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (peerCluster, peer) in inventory.AllNodes)
        {
            if (peer.Name == node.Name || !present.Add(peer.Name))
            {
                continue;
            }
            if (fragments.TryGetValue(peer.Name, out var old))
            {
                if (old.Cluster == peerCluster.Name && (ReferenceEquals(old.Spec, peer) || old.Spec.Equals(peer)))
                {
                    continue;
                }
                Remove(old, scope);
            }
            Add(Planner.Fragment(mesh, device, peerCluster, peer, routed: peerCluster.Name != cluster.Name, facts.UnderlaySubnet), scope);
        }
        foreach (var gone in fragments.Keys.Where(n => !present.Contains(n)).ToList())
        {
            Remove(fragments[gone], scope);
        }
        if (scope is null)
        {
            ForEachBag(b => b.EndBulk());
        }

        var state = new NodeState(
            node.Name, cluster.Name, device, Planner.DeviceAddress(mesh, node),
            peers.ToValueList(), neighbors.ToValueList(), fdb.ToValueList(), routes.ToValueList(),
            mtu, Planner.Warnings(inventory, mtu.DeviceMtu, facts),
            new IngressFilter(mesh.Port, Distinct(sources.ToValueList())));
        return (state, scope);
    }

    private void ForEachBag(Action<IBulkLoadable> action)
    {
        foreach (var bag in new IBulkLoadable[] { peers, neighbors, fdb, routes, sources })
        {
            action(bag);
        }
    }

    private void Add(PeerFragment fragment, PlanScope? scope)
    {
        fragments[fragment.Spec.Name] = fragment;
        peers.Add(fragment.Peer);
        neighbors.Add(fragment.Neighbor);
        fdb.Add(fragment.Fdb);
        foreach (var route in fragment.Routes)
        {
            routes.Add(route);
        }
        sources.Add(fragment.Peer.Underlay);
        scope?.Touch(fragment, current: true);
    }

    private void Remove(PeerFragment fragment, PlanScope? scope)
    {
        fragments.Remove(fragment.Spec.Name);
        peers.Remove(fragment.Peer);
        neighbors.Remove(fragment.Neighbor);
        fdb.Remove(fragment.Fdb);
        foreach (var route in fragment.Routes)
        {
            routes.Remove(route);
        }
        sources.Remove(fragment.Peer.Underlay);
        scope?.Touch(fragment, current: false);
    }

    /// <summary>Sorted already; equal neighbours collapse (two peers never share an underlay address in a valid inventory).</summary>
    private static ValueList<IPAddress> Distinct(ValueList<IPAddress> sorted) =>
        sorted.Where((ip, i) => i == 0 || !ip.Equals(sorted[i - 1])).ToValueList();
}
