using System.Net;

namespace VxMesh.Agent.Probing;

/// <summary>
/// An agent's view of its peers' overlay paths, as <c>/peers</c> serves it and `vxmesh status --agent`
/// reads it back (docs/json.md, "peer paths").
/// </summary>
/// <param name="Node">The agent's own node.</param>
/// <param name="Conflicts">What the agent's last pass left unprogrammed because someone else's entry holds the kernel key (null from older agents).</param>
public sealed record PeerPathView(string Cluster, string Node, DateTimeOffset At, double IntervalSeconds, int DownAfter, int UpAfter, IReadOnlyList<PeerPathEntry> Peers,
    IReadOnlyList<string>? Conflicts = null)
{
    public static PeerPathView Of(string cluster, string node, DateTimeOffset at, TimeSpan interval, PeerHealthTable table, IReadOnlyList<string>? conflicts = null) =>
        new(cluster, node, at, interval.TotalSeconds, table.Thresholds.DownAfter, table.Thresholds.UpAfter,
            [.. table.Snapshot().Select(PeerPathEntry.Of)], conflicts ?? []);
}

/// <param name="RttMs">The last answered probe's round trip; null before any.</param>
/// <param name="Misses">Probes unanswered in a row right now.</param>
public sealed record PeerPathEntry(string Cluster, string Node, IPAddress Vtep, PathHealth State, DateTimeOffset Since, double? RttMs, long Sent, long Lost, int Misses)
{
    public static PeerPathEntry Of(PeerHealth peer) =>
        new(peer.Target.Cluster, peer.Target.Node, peer.Target.Vtep, peer.State.Health, peer.State.Since,
            peer.State.Rtt?.TotalMilliseconds, peer.State.Sent, peer.State.Lost, peer.State.Misses);
}
