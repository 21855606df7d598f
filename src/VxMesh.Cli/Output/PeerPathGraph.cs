using System.Text;
using VxMesh.Agent.Probing;

namespace VxMesh.Cli.Output;

/// <summary>
/// The mesh as Graphviz DOT: one subgraph per cluster, one node per mesh node, one edge per probed
/// path as seen from the agent that probes it. A path the two ends see differently is drawn twice
/// (once per direction), so a one-way break shows as one red arrow. Down paths are red and dashed,
/// degraded orange, unknown grey; an agent that did not answer is drawn as a red box.
/// </summary>
public static class PeerPathGraph
{
    public static string Dot(PeerPathReport report)
    {
        var nodes = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        void Add(string cluster, string node)
        {
            if (!nodes.TryGetValue(cluster, out var set))
            {
                nodes[cluster] = set = new SortedSet<string>(StringComparer.Ordinal);
            }
            set.Add(node);
        }
        foreach (var view in report.Agents.Select(a => a.View).OfType<PeerPathView>())
        {
            Add(view.Cluster, view.Node);
            foreach (var peer in view.Peers)
            {
                Add(peer.Cluster, peer.Node);
            }
        }
        var dot = new StringBuilder("digraph vxmesh {\n  rankdir=LR;\n  node [shape=ellipse];\n");
        var index = 0;
        foreach (var (cluster, members) in nodes)
        {
            dot.Append("  subgraph \"cluster_").Append(index++).Append("\" {\n    label=").Append(Quote(cluster)).Append(";\n");
            foreach (var node in members)
            {
                dot.Append("    ").Append(Quote(Id(cluster, node))).Append(" [label=").Append(Quote(node)).Append("];\n");
            }
            dot.Append("  }\n");
        }
        foreach (var agent in report.Agents)
        {
            if (agent.View is not { } view)
            {
                dot.Append("  ").Append(Quote(agent.Address)).Append(" [shape=box,color=red,label=").Append(Quote($"{agent.Address}: {agent.Error}")).Append("];\n");
                continue;
            }
            foreach (var peer in view.Peers)
            {
                dot.Append("  ").Append(Quote(Id(view.Cluster, view.Node))).Append(" -> ").Append(Quote(Id(peer.Cluster, peer.Node)))
                    .Append(" [").Append(Style(peer)).Append("];\n");
            }
        }
        return dot.Append("}\n").ToString();
    }

    private static string Style(PeerPathEntry peer) => peer.State switch
    {
        PathHealth.Up => $"color=darkgreen,label={Quote(peer.RttMs is { } rtt ? $"{rtt:0.##} ms" : "")}",
        PathHealth.Degraded => "color=orange,label=\"degraded\"",
        PathHealth.Down => "color=red,style=dashed,penwidth=2,label=\"down\"",
        _ => "color=grey,label=\"unknown\"",
    };

    private static string Id(string cluster, string node) => $"{cluster}/{node}";

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
