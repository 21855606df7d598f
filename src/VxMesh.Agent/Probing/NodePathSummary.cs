namespace VxMesh.Agent.Probing;

/// <summary>
/// One node's data path as its peers see it, for `vxmesh status --agent-port`: every answering agent's probe
/// entry for the node folded into one line. Pure.
/// </summary>
/// <param name="State">down if any peer sees it down, else degraded if any does, up when every peer that has probed it sees it up, unknown before that.</param>
/// <param name="SeenBy">Agents (other than the node's own) that have it among their peers.</param>
/// <param name="SeenDown">Of those, how many see it down.</param>
/// <param name="RttP50Ms">Median of their last answered probes' round trips (null before any answer).</param>
/// <param name="LastChange">The newest state change among their entries.</param>
/// <param name="OwnAgent">Whether the node's own agent answered with its view.</param>
public sealed record NodePathSummary(PathHealth State, int SeenBy, int SeenDown, double? RttP50Ms, DateTimeOffset? LastChange, bool OwnAgent)
{
    /// <summary>What the node's own agent could not program: someone else's entries hold those keys (empty when none or not answered).</summary>
    public IReadOnlyList<string> Conflicts { get; init; } = [];

    public static NodePathSummary Of(string cluster, string node, IEnumerable<PeerPathView> views)
    {
        var answered = views.ToList();
        var entries = answered.Where(v => v.Cluster != cluster || v.Node != node)
            .SelectMany(v => v.Peers).Where(p => p.Cluster == cluster && p.Node == node).ToList();
        var rtts = entries.Where(e => e.RttMs is not null).Select(e => e.RttMs!.Value).Order().ToList();
        var state = entries.Count == 0 ? PathHealth.Unknown
            : entries.Any(e => e.State == PathHealth.Down) ? PathHealth.Down
            : entries.Any(e => e.State == PathHealth.Degraded) ? PathHealth.Degraded
            : entries.All(e => e.State == PathHealth.Up) ? PathHealth.Up
            : PathHealth.Unknown;
        return new NodePathSummary(state, entries.Count, entries.Count(e => e.State == PathHealth.Down),
            rtts.Count == 0 ? null : rtts[(rtts.Count - 1) / 2], entries.Count == 0 ? null : entries.Max(e => e.Since),
            answered.Any(v => v.Cluster == cluster && v.Node == node))
        {
            Conflicts = answered.FirstOrDefault(v => v.Cluster == cluster && v.Node == node)?.Conflicts ?? [],
        };
    }
}
