using System.Net;
using VxMesh.Agent.Probing;
using VxMesh.Cli.Output;

namespace VxMesh.Cli.Tests.Output;

public class PeerPathGraphTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 6, 0, 0, TimeSpan.Zero);

    private static PeerPathEntry Peer(string cluster, string node, PathHealth state, double? rtt = 0.25) =>
        new(cluster, node, IPAddress.Parse("198.18.250.1"), state, At, rtt, 10, state == PathHealth.Down ? 3 : 0, state == PathHealth.Down ? 3 : 0);

    private static PeerPathReport Report() => new(
    [
        new AgentPeerPaths("198.18.1.21:9890", new PeerPathView("c1", "n1", At, 1, 3, 2, [Peer("c1", "n2", PathHealth.Up), Peer("c2", "n3", PathHealth.Down)]), null),
        new AgentPeerPaths("198.18.2.16:9890", null, "no answer"),
    ]);

    [Fact]
    public void Dot_ClustersAsSubgraphsEveryNodeOnce()
    {
        var dot = PeerPathGraph.Dot(Report());

        Assert.StartsWith("digraph vxmesh {", dot, StringComparison.Ordinal);
        Assert.Contains("subgraph \"cluster_0\" {\n    label=\"c1\";\n    \"c1/n1\" [label=\"n1\"];\n    \"c1/n2\" [label=\"n2\"];\n  }", dot, StringComparison.Ordinal);
        Assert.Contains("subgraph \"cluster_1\" {\n    label=\"c2\";\n    \"c2/n3\" [label=\"n3\"];\n  }", dot, StringComparison.Ordinal);
        Assert.EndsWith("}\n", dot, StringComparison.Ordinal);
    }

    [Fact]
    public void Dot_DownPathRedDashed_UpPathWithRtt_SilentAgentRedBox()
    {
        var dot = PeerPathGraph.Dot(Report());

        Assert.Contains("\"c1/n1\" -> \"c2/n3\" [color=red,style=dashed,penwidth=2,label=\"down\"];", dot, StringComparison.Ordinal);
        Assert.Contains("\"c1/n1\" -> \"c1/n2\" [color=darkgreen,label=\"0.25 ms\"];", dot, StringComparison.Ordinal);
        Assert.Contains("\"198.18.2.16:9890\" [shape=box,color=red,label=\"198.18.2.16:9890: no answer\"];", dot, StringComparison.Ordinal);
    }

    [Fact]
    public void Healthy_FalseWhenAPathIsDownOrAnAgentSilent()
    {
        Assert.False(Report().Healthy);
        Assert.True(new PeerPathReport([new AgentPeerPaths("x", new PeerPathView("c1", "n1", At, 1, 3, 2, [Peer("c1", "n2", PathHealth.Degraded)]), null)]).Healthy);
    }
}
