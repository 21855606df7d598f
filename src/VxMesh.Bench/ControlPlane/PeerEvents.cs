using System.Diagnostics;
using VxMesh.Agent.Registry;
using VxMesh.Agent.Runtime;
using VxMesh.Core.Model;

namespace VxMesh.Bench.ControlPlane;

/// <summary>
/// One peer joining and leaving a converged node, again and again, as the registry delivers it: a
/// snapshot whose delta names the one node (the whole inventory is never built). Each sample is
/// the agent's whole pass — planning the peer's fragment, the trackers, five kernel messages
/// (ARP, FDB, nexthop, route, one ingress set element) — so it is the work proportional to the change.
/// </summary>
internal static class PeerEvents
{
    /// <param name="version">The version of the snapshot the agent applied last; advanced by each event.</param>
    public static (List<double> Joins, List<double> Leaves) Time(NodeAgent agent, Inventory inventory, ref long version, int events)
    {
        var joins = new List<double>(events);
        var leaves = new List<double>(events);
        var remote = inventory.Clusters[1];
        var peer = SyntheticMesh.Peer(remote.Nodes.Count + 1);
        for (var i = 0; i < events; i++)
        {
            joins.Add(Pass(agent, new NodeChange(null, null, remote.Name, peer), () => SyntheticMesh.WithExtraPeer(inventory), ref version));
            leaves.Add(Pass(agent, new NodeChange(remote.Name, peer, null, null), () => inventory, ref version));
        }
        return (joins, leaves);
    }

    private static double Pass(NodeAgent agent, NodeChange change, Func<Inventory> whole, ref long version)
    {
        var snapshot = InventorySnapshot.Deferred(whole, _ => null, version + 1, new InventoryDelta(version, [change]));
        var clock = Stopwatch.StartNew();
        var pass = agent.Reconcile(snapshot);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        version++;
        if (!pass.Incremental || !pass.Report.Converged || pass.Report.Changes != 5)
        {
            throw new InvalidOperationException(
                $"a one-peer change did not converge as one ({pass.Report.Changes} changes, incremental: {pass.Incremental}); the measurement would be meaningless");
        }
        return elapsed;
    }
}
