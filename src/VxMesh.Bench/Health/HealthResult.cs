namespace VxMesh.Bench.Health;

/// <summary>`vxmesh bench health`: how fast the overlay probes see a path die and heal, and what a probe's RTT costs over the underlay's.</summary>
/// <param name="DetectionMs">Per break: from just before the break to the later end's moment of marking the other down.</param>
/// <param name="RecoveryMs">Per restore: from just before the restore to the later end's moment of marking the other up.</param>
/// <param name="ProbeRttMs">Every agent's last probe RTT to every peer (one sample per directed pair).</param>
/// <param name="UnderlayRttMs">The same pairs' underlay ping RTT (median of 10 pings each), in the same run.</param>
/// <param name="PollMs">How often the ends were read (the timings come from the agents' own timestamps, not from the poll).</param>
public sealed record HealthResult(
    string Lab, string NodeA, string NodeB, double IntervalSeconds, int DownAfter, int UpAfter, double PollMs,
    IReadOnlyList<double> DetectionMs, IReadOnlyList<double> RecoveryMs, IReadOnlyList<double> ProbeRttMs, IReadOnlyList<double> UnderlayRttMs)
{
    /// <summary>What the detection timer allows at most: N intervals since the last answer, which came before the break.</summary>
    public double DetectionBoundMs => IntervalSeconds * 1000 * DownAfter;

    public double DetectionP50Ms => Stats.Median(DetectionMs);

    public double DetectionP99Ms => Stats.Percentile(DetectionMs, 99);

    public double RecoveryP50Ms => Stats.Median(RecoveryMs);

    public double RecoveryP99Ms => Stats.Percentile(RecoveryMs, 99);

    public double ProbeRttP50Ms => Stats.Median(ProbeRttMs);

    public double ProbeRttP99Ms => Stats.Percentile(ProbeRttMs, 99);

    public double UnderlayRttP50Ms => Stats.Median(UnderlayRttMs);

    public double UnderlayRttP99Ms => Stats.Percentile(UnderlayRttMs, 99);

    /// <summary>Probe RTT over the overlay ÷ ping RTT over the underlay, medians: the cost of encapsulation plus the agent's own timing.</summary>
    public double RttRatioP50 => ProbeRttP50Ms / UnderlayRttP50Ms;
}
