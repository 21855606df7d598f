using VxMesh.Core.Model;

namespace VxMesh.Core.Loading;

/// <summary>
/// Things that must identify exactly one cluster or node: names, underlay addresses, VTEP
/// addresses and MACs. FDB and neighbour entries are keyed by MAC and VTEP IP, so a duplicate
/// there sends one node's traffic to another. Derived values take part like written ones.
/// </summary>
internal static class IdentityChecks
{
    public static void Check(InventoryDraft draft, ProblemSink sink)
    {
        CheckClusterNames(draft, sink);
        var nodes = draft.AllNodes.ToList();
        Unique(nodes, n => n.Name, v => v, sink, (node, first) => (
            $"node name '{node.Name!.Value}' at {node.Path} is already used by {first.Describe()}",
            "give each node a unique name; node names must be unique across all clusters"));
        Unique(nodes, n => n.Ip, v => v.ToString(), sink, (node, first) => (
            $"ip {node.Ip!.Value} of {node.Describe()} is also the ip of {first.Describe()}",
            "each node needs its own underlay address: correct the ip of one of them"));
        // Derived values computed from the same inputs collide only because those inputs are
        // duplicates (same ip, same names), which is reported above with the right fix.
        Unique(nodes, n => n.ResolvedVtepIp, v => v.ToString(), sink, (node, first) => (
            $"vtepIp {node.ResolvedVtepIp!.Value}{Origin(node.VtepIpDerived, node.Ip?.Value.ToString())} of {node.Describe()} collides with the vtepIp{Origin(first.VtepIpDerived, first.Ip?.Value.ToString())} of {first.Describe()}",
            node.VtepIpDerived || first.VtepIpDerived
                ? "set vtepIp explicitly on one of them"
                : "give each node its own vtepIp"),
            followsFrom: (node, first) => node.VtepIpDerived && first.VtepIpDerived && Equals(node.Ip?.Value, first.Ip?.Value));
        Unique(nodes, n => n.ResolvedVtepMac, Mac.Format, sink, (node, first) => (
            $"vtepMac {Mac.Format(node.ResolvedVtepMac!.Value)}{Origin(node.VtepMacDerived, null)} of {node.Describe()} collides with the vtepMac{Origin(first.VtepMacDerived, null)} of {first.Describe()}",
            node.VtepMacDerived || first.VtepMacDerived
                ? "set vtepMac explicitly on one of them"
                : "give each node its own vtepMac"),
            followsFrom: (node, first) => node.VtepMacDerived && first.VtepMacDerived && SameIdentity(node, first));
    }

    private static void CheckClusterNames(InventoryDraft draft, ProblemSink sink)
    {
        var seen = new Dictionary<string, ClusterDraft>(StringComparer.Ordinal);
        foreach (var cluster in draft.Clusters)
        {
            if (cluster.Name is not { } name)
            {
                continue;
            }
            if (seen.TryGetValue(name.Value, out var first))
            {
                sink.Add(name, $"cluster name '{name.Value}' is already used by the cluster at {first.Path} (line {first.Name!.Pos.Line})",
                    "give each cluster a unique name");
            }
            else
            {
                seen.Add(name.Value, cluster);
            }
        }
    }

    /// <summary>Reports every node whose value equals an earlier node's, naming that first node.</summary>
    private static void Unique<T>(
        List<NodeDraft> nodes,
        Func<NodeDraft, Located<T>?> select,
        Func<T, string> key,
        ProblemSink sink,
        Func<NodeDraft, NodeDraft, (string Problem, string Fix)> describe,
        Func<NodeDraft, NodeDraft, bool>? followsFrom = null)
    {
        var seen = new Dictionary<string, NodeDraft>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            if (select(node) is not { } value)
            {
                continue;
            }
            if (seen.TryGetValue(key(value.Value), out var first))
            {
                if (followsFrom?.Invoke(node, first) == true)
                {
                    continue;
                }
                var (problem, fix) = describe(node, first);
                sink.Add(value, problem, fix);
            }
            else
            {
                seen.Add(key(value.Value), node);
            }
        }
    }

    private static bool SameIdentity(NodeDraft a, NodeDraft b) =>
        a.Name?.Value == b.Name?.Value && a.Cluster.Name?.Value == b.Cluster.Name?.Value;

    private static string Origin(bool derived, string? from) =>
        !derived ? "" : from is null ? " (derived)" : $" (derived from ip {from})";
}
