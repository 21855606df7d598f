using VxMesh.Agent.Probing;

namespace VxMesh.Cli.Output;

/// <summary>What `vxmesh status --agent` read: each agent asked, and its view or why there is none.</summary>
public sealed record PeerPathReport(IReadOnlyList<AgentPeerPaths> Agents)
{
    /// <summary>True when every agent answered and no path is down.</summary>
    public bool Healthy => Agents.All(a => a.View is { } view && view.Peers.All(p => p.State != PathHealth.Down));
}

/// <param name="Address">The agent's health listener as given (IP:PORT).</param>
/// <param name="Error">Why the agent gave no view (unreachable, probing off); null when it did.</param>
public sealed record AgentPeerPaths(string Address, PeerPathView? View, string? Error);
