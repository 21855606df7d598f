using VxMesh.Core.Model;

namespace VxMesh.Agent.Registry;

/// <summary>
/// The nodes that differ between two inventories, for sources that only ever see whole ones (a file).
/// O(n) in the nodes, but cheap next to planning them all: unchanged nodes are compared, not planned.
/// Null when anything beyond nodes changed (mesh settings, a cluster's ranges), which every peer's
/// plan may depend on.
/// </summary>
public static class InventoryDiff
{
    public static IReadOnlyList<NodeChange>? Between(Inventory before, Inventory after)
    {
        if (before.Mesh != after.Mesh || before.Clusters.Count != after.Clusters.Count
            || before.Clusters.Zip(after.Clusters).Any(p => !SameCluster(p.First, p.Second)))
        {
            return null;
        }
        var old = new Dictionary<string, (string Cluster, NodeSpec Node)>(StringComparer.Ordinal);
        foreach (var (cluster, node) in before.AllNodes)
        {
            old.TryAdd(node.Name, (cluster.Name, node));
        }
        var changes = new List<NodeChange>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (cluster, node) in after.AllNodes)
        {
            if (!seen.Add(node.Name))
            {
                continue;
            }
            if (!old.TryGetValue(node.Name, out var was))
            {
                changes.Add(new NodeChange(null, null, cluster.Name, node));
            }
            else if (was.Cluster != cluster.Name || !ReferenceEquals(was.Node, node) && !was.Node.Equals(node))
            {
                changes.Add(new NodeChange(was.Cluster, was.Node, cluster.Name, node));
            }
        }
        foreach (var (name, was) in old)
        {
            if (!seen.Contains(name))
            {
                changes.Add(new NodeChange(was.Cluster, was.Node, null, null));
            }
        }
        return changes;
    }

    private static bool SameCluster(ClusterSpec a, ClusterSpec b) =>
        a.Name == b.Name && a.Cni == b.Cni && a.PodCidrs.Equals(b.PodCidrs) && a.ServiceCidrs.Equals(b.ServiceCidrs) && a.PodMtu == b.PodMtu;
}
