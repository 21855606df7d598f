namespace VxMesh.Bench.ControlPlane;

/// <summary>One `bench control-plane` run. Times in milliseconds; every figure is a median over <see cref="Repeats"/>.</summary>
/// <param name="AgentMs">Empty namespace → converged, through the agent (plan, observe, diff, apply).</param>
/// <param name="BatchMs">The same state through `ip -batch` + `bridge -batch` with nexthop objects + `nft -f`.</param>
/// <param name="Ratio">AgentMs / BatchMs: below 1 the agent is faster than the tools.</param>
/// <param name="PeerJoinMs">A converged node learning one more peer: plan, diff, apply 4 entries and one filter element.</param>
/// <param name="PeerLeaveMs">The same peer leaving again.</param>
/// <param name="Entries">Kernel objects programmed (ARP + FDB + nexthops + routes).</param>
public sealed record ControlPlaneResult(
    int Peers,
    int Repeats,
    int Entries,
    double AgentMs,
    double BatchMs,
    double Ratio,
    double PeerJoinMs,
    double PeerLeaveMs,
    IReadOnlyList<double> AgentSamplesMs,
    IReadOnlyList<double> BatchSamplesMs,
    IReadOnlyList<double> PeerJoinSamplesMs,
    IReadOnlyList<double> PeerLeaveSamplesMs);
