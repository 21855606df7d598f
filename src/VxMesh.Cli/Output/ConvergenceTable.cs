using Spectre.Console;
using VxMesh.Bench.Convergence;

namespace VxMesh.Cli.Output;

/// <summary>The human view of `bench convergence`.</summary>
public static class ConvergenceTable
{
    public static void Write(ConvergenceResult r)
    {
        AnsiConsole.MarkupLine(r.Mode == "lab"
            ? $"[bold]convergence[/] in lab {Markup.Escape(r.Lab ?? "")}: real agents, {r.Peers} peers in other clusters, {r.Repeats} joins and leaves timed after {r.Warmup} untimed"
            : $"[bold]convergence[/]: one real agent, {r.Peers} synthetic peers in etcd, {r.Repeats} joins and leaves timed after {r.Warmup} untimed" +
              (r.InitialMs is { } initial ? $" (all {r.Peers} programmed {initial:F0} ms after the agent started)" : ""));
        var table = new Table().Border(TableBorder.Rounded).AddColumns("event", "p50", "p99", "max", "samples");
        Row(table, "registered -> last peer's kernel has it", r.Join);
        Row(table, "deregistered -> last peer's kernel dropped it", r.Leave);
        if (r.AgentPass is { } pass)
        {
            Row(table, "agent pass per event (read + plan + apply)", pass);
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"target p99 <= {ConvergenceResult.TargetP99Ms:F0} ms end to end: {Verdict(r.MeetsEndToEndTarget)}" +
            (r.MeetsAgentTarget is { } agent ? $"; agent pass p99 <= {ConvergenceResult.TargetAgentPassMs:F0} ms: {Verdict(agent)}" : ""));
    }

    private static void Row(Table table, string what, LatencySummary s) =>
        table.AddRow(what, $"{s.MedianMs:F2} ms", $"{s.P99Ms:F2} ms", $"{s.MaxMs:F2} ms", $"{s.Count}");

    private static string Verdict(bool ok) => ok ? "[green]met[/]" : "[red]missed[/]";
}
