using VxMesh.Bench.DataPath.Offloads;

namespace VxMesh.Bench.DataPath.Report;

/// <summary>
/// Turns the samples into the report: medians over rounds and samples (the machine is shared and
/// noisy: medians, never means), and every figure divided by its baseline's — the underlay between
/// the same segments, measured in the same run, so load that slows everything cancels out.
/// Pure, so the arithmetic is tested without a lab.
/// </summary>
public static class ReportBuilder
{
    public static DataPathReport Build(string lab, IReadOnlyList<PathSamples> samples, DataPathOptions options, OffloadReport offloads, TimeSpan elapsed)
    {
        var byId = samples.ToDictionary(s => s.Path.Kind.Id);
        var paths = samples.Select(s =>
        {
            var baseline = byId.GetValueOrDefault(s.Path.Baseline) ?? s;
            var self = ReferenceEquals(baseline, s);
            return new PathReport(s.Path.Kind.Id, s.Path.Kind.Label, s.Path.Kind.Where, s.Path.Kind.Mode, s.Path.From.Name, s.Path.To.Name, s.Path.Kind.Ends, s.Path.Kind.Scope,
                s.Path.Kind.Span, s.Path.Kind.Mechanism, s.Path.Kind.Carrier, s.Path.Device, s.Path.Baseline,
                Stream(1, s.OneStream, baseline.OneStream, self),
                Stream(4, s.FourStreams, baseline.FourStreams, self),
                Latency(s, baseline, self),
                s.Errors.Distinct().ToList());
        }).ToList();
        return new DataPathReport(lab, offloads, options.Samples, options.DurationSeconds, options.Repeat, Math.Round(elapsed.TotalSeconds, 1), paths);
    }

    public static StreamFigure Stream(int streams, IReadOnlyList<Tools.IperfResult> runs, IReadOnlyList<Tools.IperfResult> baseline, bool self)
    {
        var ok = runs.Where(r => r.Ok).ToList();
        var gbps = MedianGbps(ok);
        var retransmits = ok.Count == 0 ? 0 : (int)Stats.Median(ok.Select(r => (double)r.Retransmits).ToList());
        return new StreamFigure(streams, Round(gbps), Ratio(gbps, self ? gbps : MedianGbps(baseline.Where(r => r.Ok).ToList()), self),
            retransmits, ok.FirstOrDefault()?.MssBytes, ok.Select(r => Math.Round(r.Gbps, 3)).ToList());
    }

    private static LatencyFigure Latency(PathSamples s, PathSamples baseline, bool self)
    {
        var total = Spread.Of(s.Curl.SelectMany(c => c.TotalMs).ToList());
        var ping = Spread.Of(s.Ping.SelectMany(p => p.RttMs).ToList());
        var baseTotal = Spread.Of(baseline.Curl.SelectMany(c => c.TotalMs).ToList());
        var basePing = Spread.Of(baseline.Ping.SelectMany(p => p.RttMs).ToList());
        return new LatencyFigure(
            Spread.Of(s.Curl.SelectMany(c => c.ConnectMs).ToList()),
            Spread.Of(s.Curl.SelectMany(c => c.FirstByteMs).ToList()),
            total,
            ping,
            Ratio(total.Median, baseTotal.Median, self),
            Ratio(ping.Median, basePing.Median, self),
            s.Curl.Sum(c => c.Failures),
            s.Ping.Sum(p => p.Lost));
    }

    /// <summary>value / baseline, 1 exactly for the baseline itself; null when either side has no figure.</summary>
    public static double? Ratio(double? value, double? baseline, bool self) =>
        value is not { } v || baseline is not { } b || b <= 0 || v < 0 ? null
        : self ? 1.0
        : Math.Round(v / b, 3);

    private static double? MedianGbps(List<Tools.IperfResult> ok) =>
        ok.Count == 0 ? null : Stats.Median(ok.Select(r => r.Gbps).ToList());

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 3) : null;
}
