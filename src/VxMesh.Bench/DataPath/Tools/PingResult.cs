using System.Globalization;
using System.Text.RegularExpressions;

namespace VxMesh.Bench.DataPath.Tools;

/// <summary>One ping run: the round-trip time of every echo that came back, and how many did not.</summary>
public sealed partial record PingResult(IReadOnlyList<double> RttMs, int Sent, int Received)
{
    public int Lost => Math.Max(0, Sent - Received);

    [GeneratedRegex(@"icmp_seq=\d+ .*time=(?<ms>[0-9.]+) ms")]
    private static partial Regex Reply();

    [GeneratedRegex(@"(?<sent>\d+) packets transmitted, (?<received>\d+) received")]
    private static partial Regex Summary();

    /// <summary>
    /// iputils ping without -q: one "time=X ms" line per reply (per-echo times, so the report can
    /// take a median; the summary line only has min/avg/max/mdev) and the transmitted/received line.
    /// </summary>
    public static PingResult Parse(string output)
    {
        var rtts = Reply().Matches(output)
            .Select(m => double.Parse(m.Groups["ms"].Value, NumberStyles.Float, CultureInfo.InvariantCulture))
            .ToList();
        var summary = Summary().Match(output);
        return summary.Success
            ? new PingResult(rtts, Int(summary.Groups["sent"].Value), Int(summary.Groups["received"].Value))
            : new PingResult(rtts, rtts.Count, rtts.Count);
    }

    private static int Int(string text) => int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
}
