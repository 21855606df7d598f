namespace VxMesh.Bench.ControlPlane;

/// <summary>One `bench control-plane` run. Times in milliseconds; whole-mesh figures are medians over <see cref="Repeats"/>.</summary>
/// <param name="AgentMs">Empty namespace → converged, through the agent in this process (plan, observe, diff, apply).</param>
/// <param name="BatchMs">The same state through `ip -batch` + `bridge -batch` with nexthop objects + `nft -f`.</param>
/// <param name="FloorMs">The kernel's own cost: the same messages pre-encoded, sent in maximal batches, and the same `nft -f`.</param>
/// <param name="Ratio">AgentMs / BatchMs: below 1 the agent is faster than the tools.</param>
/// <param name="AgentToFloor">AgentMs / FloorMs: what the agent costs beyond the kernel's own work (goal ≤ 1.15).</param>
/// <param name="BatchToFloor">BatchMs / FloorMs: the same for iproute2.</param>
/// <param name="Events">Timed one-peer joins (and as many leaves) on the converged in-process agent, after a warm-up.</param>
/// <param name="PeerJoinMs">Median of the joins: the agent's whole pass for a delta naming one peer (plan it, 5 kernel messages).</param>
/// <param name="PeerLeaveMs">Median of the leaves.</param>
/// <param name="Process">The real agent process (file mode): memory, start and restart; null when not run.</param>
/// <param name="Entries">Kernel objects programmed (ARP + FDB + nexthops + routes).</param>
public sealed record ControlPlaneResult(
    int Peers,
    int Repeats,
    int Entries,
    double AgentMs,
    double BatchMs,
    double FloorMs,
    double Ratio,
    double AgentToFloor,
    double BatchToFloor,
    int Events,
    double PeerJoinMs,
    double PeerLeaveMs,
    double JoinP99Ms,
    double LeaveP99Ms,
    AgentProcessReport? Process,
    IReadOnlyList<double> AgentSamplesMs,
    IReadOnlyList<double> BatchSamplesMs,
    IReadOnlyList<double> FloorSamplesMs,
    IReadOnlyList<double> PeerJoinSamplesMs,
    IReadOnlyList<double> PeerLeaveSamplesMs)
{
    /// <summary>The goals: agent ≤ 1.15 × floor; a one-peer change p99 ≤ 1 ms; RSS ≤ 60 MB at 10,000 peers, ≤ 150 MB at 50,000.</summary>
    public const double TargetAgentToFloor = 1.15;

    public const double TargetChangeP99Ms = 1;

    public double? AgentSteadyRssMb => Process?.SteadyRssMb;

    public double? AgentPeakRssMb => Process?.PeakRssMb;

    public double? AgentStartConvergedMs => Process?.StartConvergedMs;

    public double? RestartConvergedMs => Process?.RestartConvergedMs;

    public int? RestartWrites => Process?.RestartWrites;

    /// <summary>The RSS goal for this many peers (interpolated between the two points; null below 10,000).</summary>
    public double? TargetSteadyRssMb => Peers >= 50_000 ? 150 : Peers >= 10_000 ? 60 + (Peers - 10_000) * 90.0 / 40_000 : null;
}
