using Spectre.Console;
using VxMesh.Lab.Verify;

namespace VxMesh.Cli.Output;

/// <summary>
/// The human view of `verify`: a from × to matrix (✓ source kept, ✓ SNAT = connected but the
/// server saw another address, ✗ failed, · same node, not tested), then the failures and timings.
/// </summary>
public static class VerifyTable
{
    public static void Write(VerifyReport report)
    {
        var pods = report.Pairs.Select(p => p.From).Concat(report.Pairs.Select(p => p.To)).Distinct().ToList();
        var table = new Table().Border(TableBorder.Rounded).AddColumn("from \\ to");
        foreach (var (pod, i) in pods.Select((p, i) => (p, i)))
        {
            table.AddColumn(new TableColumn($"{i + 1}").Centered());
        }
        foreach (var (from, i) in pods.Select((p, i) => (p, i)))
        {
            var cells = pods.Select(to => Cell(report.Pairs.FirstOrDefault(p => p.From == from && p.To == to), report.Ippools));
            table.AddRow([$"{i + 1} {Markup.Escape(from)}", .. cells]);
        }
        AnsiConsole.Write(table);
        foreach (var failed in report.Pairs.Where(p => !VerifyRules.PairPasses(p, report.Ippools)))
        {
            var why = failed.Error ?? $"source not preserved: {failed.To} saw client={failed.ClientSeen}";
            AnsiConsole.MarkupLine($"  [red]✗[/] {Markup.Escape(failed.From)} → {Markup.Escape(failed.To)}: {Markup.Escape(why)}");
        }
        AnsiConsole.MarkupLine(Summary(report));
    }

    /// <summary>Two lines: the verdict with counts, then seeds/004-style median timings.</summary>
    public static string Summary(VerifyReport report)
    {
        var ok = report.Pairs.Count(p => p.Ok);
        var cross = report.Pairs.Where(p => p.CrossCluster && p.Ok).ToList();
        var connected = report.Pairs.Where(p => p.Ok).ToList();
        var verdict = report.Ok ? "[green]PASS[/]" : "[red]FAIL[/]";
        var counts = $"{verdict}: {ok}/{report.Pairs.Count} pairs connected, {cross.Count(p => p.SourcePreserved)}/{cross.Count} " +
                     $"cross-cluster kept the source IP (ippools {(report.Ippools ? "on" : "off")})";
        var timing = connected.Count == 0 ? "" :
            $"\n  median connect {Median(connected.Select(p => p.ConnectMs)):0.00} ms, first byte {Median(connected.Select(p => p.FirstByteMs)):0.00} ms, " +
            $"total {Median(connected.Select(p => p.TotalMs)):0.00} ms; {report.Elapsed.TotalSeconds:0.00} s in all";
        return counts + timing;
    }

    private static string Cell(PairResult? pair, bool ippools) => pair switch
    {
        null => "[grey]·[/]",
        { Ok: false } => "[red]✗[/]",
        { SourcePreserved: true } => "[green]✓[/]",
        _ when VerifyRules.PairPasses(pair, ippools) => "[yellow]✓ SNAT[/]",
        _ => "[red]✓ SNAT[/]",
    };

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
