using System.Net;
using VxMesh.Agent.Probing;

namespace VxMesh.Agent.Tests.Probing;

/// <summary>One node's data path folded from its peers' /peers views (what `status --agent-port` shows).</summary>
public class NodePathSummaryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 6, 0, 0, TimeSpan.Zero);

    private static PeerPathView View(string node, params (string Node, PathHealth State, double? Rtt, int SinceSeconds)[] peers) =>
        new("c1", node, T0, 1, 3, 2, [.. peers.Select(p => new PeerPathEntry("c1", p.Node, IPAddress.Parse("198.18.250.1"), p.State, T0.AddSeconds(p.SinceSeconds), p.Rtt, 10, 0, 0))]);

    [Fact]
    public void EveryPeerSeesItUp_Up_WithTheMedianRttAndTheNewestChange()
    {
        var views = new[] { View("a", ("x", PathHealth.Up, 0.3, 5)), View("b", ("x", PathHealth.Up, 0.1, 9)), View("c", ("x", PathHealth.Up, 0.2, 1)), View("x", ("a", PathHealth.Up, 9.9, 0)) };

        var summary = NodePathSummary.Of("c1", "x", views);

        Assert.Equal(new NodePathSummary(PathHealth.Up, 3, 0, 0.2, T0.AddSeconds(9), OwnAgent: true), summary);
    }

    [Fact]
    public void ItsOwnAgentReportsConflicts_TheSummaryCarriesThem_OthersDoNotCount()
    {
        var own = View("x", ("a", PathHealth.Up, 0.1, 0)) with { Conflicts = ["route 198.19.17.0/24: someone else's route holds the prefix"] };
        var other = View("a", ("x", PathHealth.Up, 0.1, 0)) with { Conflicts = ["neighbor 198.19.250.9 dev vxmesh: theirs lladdr 02:00:00:00:00:99, plan lladdr 02:00:00:00:00:01"] };

        Assert.Equal(["route 198.19.17.0/24: someone else's route holds the prefix"], NodePathSummary.Of("c1", "x", [own, other]).Conflicts);
        Assert.Empty(NodePathSummary.Of("c1", "y", [own, other]).Conflicts);
    }

    [Fact]
    public void OnePeerSeesItDown_Down_CountingWhoSeesIt()
    {
        var views = new[] { View("a", ("x", PathHealth.Down, 0.3, 5)), View("b", ("x", PathHealth.Degraded, 0.1, 9)), View("c", ("x", PathHealth.Up, 0.2, 1)) };

        var summary = NodePathSummary.Of("c1", "x", views);

        Assert.Equal((PathHealth.Down, 3, 1, false), (summary.State, summary.SeenBy, summary.SeenDown, summary.OwnAgent));
    }

    [Fact]
    public void DegradedSomewhere_NoneDown_Degraded()
    {
        var summary = NodePathSummary.Of("c1", "x", [View("a", ("x", PathHealth.Degraded, 0.3, 5)), View("b", ("x", PathHealth.Up, 0.1, 9))]);

        Assert.Equal(PathHealth.Degraded, summary.State);
    }

    [Fact]
    public void NobodyProbesIt_OrOnlyItsOwnViewMentionsIt_Unknown_WithoutRtt()
    {
        var summary = NodePathSummary.Of("c1", "x", [View("x", ("x", PathHealth.Down, 0.3, 5)), View("a", ("y", PathHealth.Up, 0.1, 9))]);

        Assert.Equal(new NodePathSummary(PathHealth.Unknown, 0, 0, null, null, OwnAgent: true), summary);
    }

    [Fact]
    public void UpAndUnknownMixed_Unknown_AndRttOnlyFromAnsweredProbes()
    {
        var summary = NodePathSummary.Of("c1", "x", [View("a", ("x", PathHealth.Up, 0.4, 5)), View("b", ("x", PathHealth.Unknown, null, 9))]);

        Assert.Equal((PathHealth.Unknown, 2, 0.4), (summary.State, summary.SeenBy, summary.RttP50Ms));
    }
}
