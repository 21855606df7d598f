using System.Globalization;
using Spectre.Console;
using VxMesh.Bench.DataPath;
using VxMesh.Bench.DataPath.Report;

namespace VxMesh.Cli.Output;

/// <summary>
/// The human view of `bench --lab`: seeds/004's throughput table (Gbit/s with 1 and 4 streams, each
/// with its ratio to the underlay) and its latency table (curl connect / first byte / total, ping RTT),
/// then how the devices were set and how long it took.
/// </summary>
public static class BenchDataPathTable
{
    /// <summary>Wide enough for both tables when stdout is a file or pipe (Spectre assumes 80 columns there and would wrap every cell).</summary>
    private const int RedirectedWidth = 240;

    public static void Write(DataPathReport report)
    {
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, RedirectedWidth);
        }
        AnsiConsole.MarkupLine($"[bold]data path[/], lab {Markup.Escape(report.Lab)}: {Markup.Escape(OffloadLine(report))}");
        AnsiConsole.MarkupLine($"iperf3 TCP {report.DurationSeconds} s per run, {report.Samples} curl requests and pings per path, " +
                               $"{report.Repeat} round{(report.Repeat == 1 ? "" : "s")}; medians");
        AnsiConsole.Write(Throughput(report));
        AnsiConsole.Write(Latency(report));
        foreach (var path in report.Paths.Where(p => p.Errors.Count > 0))
        {
            AnsiConsole.MarkupLine($"  [red]✗[/] {Markup.Escape(path.Label)}: {Markup.Escape(string.Join("; ", path.Errors))}");
        }
        foreach (var problem in report.Offloads.Problems)
        {
            AnsiConsole.MarkupLine($"  [red]offloads[/]: {Markup.Escape(problem)}");
        }
        AnsiConsole.MarkupLine("ratios: each path against the underlay (node → node) between the same segments, measured in this run; " +
                               "latency ratios above 1 are slower");
        AnsiConsole.MarkupLine($"total run time {report.ElapsedSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
    }

    public static string OffloadLine(DataPathReport report)
    {
        var o = report.Offloads;
        var active = string.Join(", ", o.ActiveDuringRun.Select(a => $"{a.Key} {a.Value}"));
        var mode = o.Mode == OffloadMode.Off
            ? $"offloads OFF while measuring (restored afterwards: {(o.Restored ? "yes" : "NO")})"
            : "offloads ON (as the lab set them)";
        var kept = o.Kept.Count > 0 ? $"; tx kept on {o.Kept.Count} mesh devices (the agent owns it)" : "";
        return $"{mode}; active on {o.Devices} devices: {active}{kept}";
    }

    private static Table Throughput(DataPathReport report)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("throughput")
            .AddColumns("path", "mode", "from → to (dev)", "Gbit/s 1 stream", "× underlay", "Gbit/s 4 streams", "× underlay", "MSS", "retr");
        foreach (var p in report.Paths)
        {
            table.AddRow(Markup.Escape(p.Where), Markup.Escape(p.Mode), Markup.Escape($"{p.From} → {p.To} ({p.Device})"),
                Num(p.OneStream.Gbps, "0.00"), Ratio(p.OneStream.Ratio), Num(p.FourStreams.Gbps, "0.00"), Ratio(p.FourStreams.Ratio),
                p.OneStream.MssBytes?.ToString(CultureInfo.InvariantCulture) ?? "-", p.OneStream.Retransmits.ToString(CultureInfo.InvariantCulture));
        }
        return table;
    }

    private static Table Latency(DataPathReport report)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("latency (ms, median / p99)")
            .AddColumns("path", "mode", "curl connect", "first byte", "total", "× underlay", "ping RTT", "× underlay");
        foreach (var p in report.Paths)
        {
            var l = p.Latency;
            table.AddRow(Markup.Escape(p.Where), Markup.Escape(p.Mode), Spread(l.ConnectMs), Spread(l.FirstByteMs), Spread(l.TotalMs), Ratio(l.TotalRatio),
                Spread(l.PingMs), Ratio(l.PingRatio));
        }
        return table;
    }

    private static string Spread(Spread s) => s.Median is null ? "[red]-[/]" : $"{Num(s.Median, "0.000")} / {Num(s.P99, "0.000")}";

    private static string Ratio(double? ratio) => ratio is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) : "[red]-[/]";

    private static string Num(double? value, string format) => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "[red]-[/]";
}
