using ScottPlot;

namespace VxMesh.Bench.DataPath.Report;

/// <summary>
/// The report as a PNG: throughput per path on top (1 and 4 streams, each bar labelled with its
/// ratio to the underlay), latency below (curl total and ping RTT medians). Horizontal bars, so
/// the path names stay readable; ASCII labels, so no glyph depends on the fonts installed.
/// </summary>
public static class DataPathChart
{
    private static readonly Color One = Color.FromHex("#1f77b4");
    private static readonly Color Four = Color.FromHex("#9ecae1");
    private static readonly Color Curl = Color.FromHex("#d62728");
    private static readonly Color PingColor = Color.FromHex("#ff9896");

    public const int Width = 1200;

    public static void Save(DataPathReport report, string file)
    {
        var rows = report.Paths.Reverse().ToList(); // ScottPlot counts positions bottom-up; the report reads top-down
        var labels = rows.Select(p => p.Label.Replace("→", "->", StringComparison.Ordinal)).ToArray();
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Rows();

        var offloads = report.Offloads.Mode == OffloadMode.Off ? "offloads off" : "offloads on";
        Throughput(multiplot.GetPlot(0), rows, labels, $"vxmesh bench --lab {report.Lab}: iperf3 TCP, {report.DurationSeconds} s, {offloads} (ratio to the underlay in the same run)");
        Latency(multiplot.GetPlot(1), rows, labels, $"latency: median of {report.Samples * report.Repeat} curl requests and pings");
        multiplot.SavePng(file, Width, 260 + rows.Count * 90);
    }

    private static void Throughput(Plot plot, List<PathReport> rows, string[] labels, string title)
    {
        var bars = new List<Bar>();
        for (var i = 0; i < rows.Count; i++)
        {
            bars.Add(BarOf(i * 3 + 1.5, rows[i].FourStreams.Gbps, Four, $"{rows[i].FourStreams.Gbps:0.00} Gbit/s x{rows[i].FourStreams.Ratio:0.00} (4)"));
            bars.Add(BarOf(i * 3 + 0.5, rows[i].OneStream.Gbps, One, $"{rows[i].OneStream.Gbps:0.00} Gbit/s x{rows[i].OneStream.Ratio:0.00} (1)"));
        }
        Finish(plot, bars, rows.Count, labels, title, "Gbit/s", [("1 stream", One), ("4 streams", Four)]);
    }

    private static void Latency(Plot plot, List<PathReport> rows, string[] labels, string title)
    {
        var bars = new List<Bar>();
        for (var i = 0; i < rows.Count; i++)
        {
            var total = rows[i].Latency.TotalMs.Median;
            var ping = rows[i].Latency.PingMs.Median;
            bars.Add(BarOf(i * 3 + 1.5, ping, PingColor, $"{ping:0.000} ms"));
            bars.Add(BarOf(i * 3 + 0.5, total, Curl, $"{total:0.000} ms"));
        }
        Finish(plot, bars, rows.Count, labels, title, "ms", [("curl time_total", Curl), ("ping RTT", PingColor)]);
    }

    private static Bar BarOf(double position, double? value, Color color, string label) =>
        new() { Position = position, Value = value ?? 0, FillColor = color, Label = value is null ? "failed" : label, Size = 0.9 };

    private static void Finish(Plot plot, List<Bar> bars, int count, string[] labels, string title, string unit, (string Text, Color Color)[] legend)
    {
        var series = plot.Add.Bars(bars);
        series.Horizontal = true;
        series.ValueLabelStyle.FontSize = 11;
        plot.Axes.Left.SetTicks(Enumerable.Range(0, count).Select(i => i * 3 + 1.0).ToArray(), labels);
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.Margins(left: 0, right: 0.35);
        plot.Axes.SetLimitsY(-0.5, count * 3 - 0.5);
        plot.Title(title, size: 13);
        plot.XLabel(unit);
        foreach (var (text, color) in legend)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = text, FillColor = color });
        }
        plot.Legend.Alignment = Alignment.LowerRight;
        plot.ShowLegend();
    }
}
