using VxMesh.Lab.Runtime;

namespace VxMesh.Bench.DataPath.Paths;

/// <summary>
/// Picks the rows of the report from a running lab: every kind of path its topology has (seeds/004's
/// node → node, pod → pod across nodes, node → pod on another node, pod → pod on one node; across
/// clusters and within one; over whatever the kernel routes them: vxlan, host-gw, the CNI's own
/// overlay) with the first pair of endpoints, in the lab's order, that takes it. Pure: the routing
/// facts are read beforehand, so the choice is testable and deterministic.
///
/// Each row is compared with the underlay between the same segments: node → node on one segment
/// for pairs on one segment (and for pods on one node, which cross no wire at all), node → node
/// through the fabric's router for pairs on routed segments. Otherwise an encapsulated pair
/// across a router would be charged for the router too.
/// </summary>
public static class PathSelector
{
    public static IReadOnlyList<BenchPath> Select(LabState lab, IReadOnlyDictionary<string, NodeRouting> routing)
    {
        var nodes = lab.Nodes.ToDictionary(n => n.Name);
        var nodeEnds = lab.Nodes.Select(BenchEndpoint.Of).ToList();
        var podEnds = lab.Pods.Where(p => nodes.ContainsKey(p.Node)).Select(p => BenchEndpoint.Of(p, nodes[p.Node])).ToList();
        var candidates = new List<(PathKind Kind, BenchEndpoint From, BenchEndpoint To, string Device)>();
        foreach (var from in nodeEnds)
        {
            foreach (var to in nodeEnds.Where(t => t.Name != from.Name))
            {
                candidates.Add((PathKind.Underlay(from.Segment == to.Segment), from, to, routing.TryGetValue(from.Node, out var r) ? r.UnderlayDevice : "eth0"));
            }
        }
        foreach (var from in podEnds.Concat(nodeEnds))
        {
            foreach (var to in podEnds.Where(t => t.Name != from.Name && (from.IsPod || t.Node != from.Node)))
            {
                if (routing.TryGetValue(from.Node, out var node) && PathClassifier.Classify(node, to.Ip, nodes[from.Node].Cni) is { } hop)
                {
                    var ends = from.IsPod ? Ends.PodToPod : Ends.NodeToPod;
                    candidates.Add((new PathKind(ends, ScopeOf(from, to), SpanOf(from, to), hop.Mechanism, hop.Carrier), from, to, hop.Device));
                }
            }
        }
        var chosen = candidates.GroupBy(c => c.Kind).Select(g => g.First()).OrderBy(c => c.Kind.SortKey).ToList();
        var baselines = chosen.Where(c => c.Kind.Mechanism == Mechanism.Underlay).Select(c => c.Kind).ToList();
        return chosen.Select(c => new BenchPath(c.Kind, c.From, c.To, c.Device, BaselineFor(c.Kind, c.From, c.To, baselines))).ToList();
    }

    private static Scope ScopeOf(BenchEndpoint from, BenchEndpoint to) =>
        from.Node == to.Node ? Scope.SameNode : from.Cluster == to.Cluster ? Scope.SameCluster : Scope.OtherCluster;

    private static Span SpanOf(BenchEndpoint from, BenchEndpoint to) =>
        from.Node == to.Node ? Span.SameNode : from.Segment == to.Segment ? Span.OneSegment : Span.Routed;

    /// <summary>The underlay row between the same segments; the other one when the lab lacks it (every node on its own segment).</summary>
    private static string BaselineFor(PathKind kind, BenchEndpoint from, BenchEndpoint to, List<PathKind> baselines)
    {
        if (kind.Mechanism == Mechanism.Underlay)
        {
            return kind.Id;
        }
        var wanted = PathKind.Underlay(kind.Span != Span.Routed);
        return baselines.Contains(wanted) ? wanted.Id : (baselines.Count > 0 ? baselines[0].Id : null) ?? "";
    }
}
