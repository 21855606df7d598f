namespace VxMesh.Bench.Convergence;

/// <summary>Order statistics of one kind of sample, in milliseconds.</summary>
public sealed record LatencySummary(int Count, double MedianMs, double P99Ms, double MaxMs, IReadOnlyList<double> SamplesMs)
{
    public static LatencySummary Of(IReadOnlyList<double> samples) =>
        new(samples.Count, Round(Stats.Median(samples)), Round(Stats.Percentile(samples, 99)),
            samples.Count == 0 ? double.NaN : Round(samples.Max()), samples.Select(Round).ToList());

    private static double Round(double ms) => Math.Round(ms, 2);
}

/// <summary>
/// `bench convergence`: how long a registry change takes to reach kernels.
/// </summary>
/// <param name="Mode">lab (real agents in an etcd lab) or synthetic (one real agent against N registrations in etcd).</param>
/// <param name="Peers">lab: the nodes of other clusters, which must all program the joining node; synthetic: registered peers.</param>
/// <param name="Warmup">Untimed joins and leaves before the timed ones.</param>
/// <param name="Join">Registration seen in etcd → the last peer's kernel holds the node's route(s).</param>
/// <param name="Leave">Deregistration seen in etcd → the last peer's kernel no longer does.</param>
/// <param name="AgentPass">Synthetic: the agent's own pass time for each event, from its log: the whole pass — reading the
/// source (validating the changed registration), planning the changed peer, the trackers and the kernel messages.</param>
/// <param name="InitialMs">Synthetic: agent started → all N peers programmed (process start, first load, first pass).</param>
public sealed record ConvergenceResult(
    string Mode,
    string? Lab,
    int Peers,
    int Repeats,
    int Warmup,
    LatencySummary Join,
    LatencySummary Leave,
    LatencySummary? AgentPass,
    double? InitialMs)
{
    /// <summary>The targets: p99 ≤ 1 s end to end, ≤ 1 ms of agent work per event (p99).</summary>
    public const double TargetP99Ms = 1000;

    public const double TargetAgentPassMs = 1;

    public bool MeetsEndToEndTarget => Join.P99Ms <= TargetP99Ms && Leave.P99Ms <= TargetP99Ms;

    public bool? MeetsAgentTarget => AgentPass is null ? null : AgentPass.P99Ms <= TargetAgentPassMs;
}
