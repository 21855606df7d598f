using VxMesh.Bench.DataPath.Offloads;
using VxMesh.Bench.DataPath.Paths;

namespace VxMesh.Bench.DataPath.Report;

/// <summary>`vxmesh bench --lab`: every path of the lab, each against the underlay measured in the same run.</summary>
/// <param name="ElapsedSeconds">The whole run, surveying and restoring included.</param>
public sealed record DataPathReport(
    string Lab,
    OffloadReport Offloads,
    int Samples,
    int DurationSeconds,
    int Repeat,
    double ElapsedSeconds,
    IReadOnlyList<PathReport> Paths)
{
    /// <summary>Every path measured (no tool failed) and, with offloads off, every device restored.</summary>
    public bool Ok => Paths.All(p => p.Errors.Count == 0) && Offloads.Restored;
}

/// <param name="Id">Stable key, e.g. pod-pod/other-cluster/routed/vxlan/vxmesh.</param>
/// <param name="Where">Which ends, how far apart: "pod → pod, other cluster, routed".</param>
/// <param name="Mode">How it is carried: "underlay", "vxlan (vxmesh)", "host-gw (calico)".</param>
/// <param name="Baseline">The Id of the underlay row this one is compared with (its own for an underlay row).</param>
/// <param name="Device">The device the source node sends through.</param>
public sealed record PathReport(
    string Id,
    string Label,
    string Where,
    string Mode,
    string From,
    string To,
    Ends Ends,
    Scope? Scope,
    Span Span,
    Mechanism Mechanism,
    string Carrier,
    string Device,
    string Baseline,
    StreamFigure OneStream,
    StreamFigure FourStreams,
    LatencyFigure Latency,
    IReadOnlyList<string> Errors);

/// <summary>iperf3 throughput with a given number of parallel streams.</summary>
/// <param name="Gbps">Median over the rounds that succeeded; null when none did.</param>
/// <param name="Ratio">Gbps / the baseline's Gbps with the same streams; exactly 1 for an underlay row.</param>
/// <param name="MssBytes">The TCP MSS iperf3 used: 1448 over a 1500-byte path, 1398 in a pod behind a 1450-byte MTU.</param>
public sealed record StreamFigure(int Streams, double? Gbps, double? Ratio, int Retransmits, int? MssBytes, IReadOnlyList<double> RunsGbps);

/// <summary>curl and ping figures in milliseconds, with the ratios of the medians to the baseline's (above 1: slower).</summary>
public sealed record LatencyFigure(
    Spread ConnectMs,
    Spread FirstByteMs,
    Spread TotalMs,
    Spread PingMs,
    double? TotalRatio,
    double? PingRatio,
    int CurlFailures,
    int PingLost);

/// <summary>Median and nearest-rank p99 of <see cref="Count"/> samples; null without samples.</summary>
public sealed record Spread(double? Median, double? P99, int Count)
{
    public static Spread Of(IReadOnlyCollection<double> samples) =>
        samples.Count == 0 ? new Spread(null, null, 0) : new Spread(Round(Stats.Median(samples)), Round(Stats.Percentile(samples, 99)), samples.Count);

    private static double Round(double value) => Math.Round(value, 3);
}
