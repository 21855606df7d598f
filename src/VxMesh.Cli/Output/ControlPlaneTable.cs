using System.Globalization;
using Spectre.Console;
using VxMesh.Bench.ControlPlane;

namespace VxMesh.Cli.Output;

/// <summary>The human view of `bench control-plane`.</summary>
public static class ControlPlaneTable
{
    public static void Write(ControlPlaneResult r)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("path", "median", "samples (ms)");
        table.AddRow("kernel floor (pre-encoded messages, maximal batches + nft -f)", $"{r.FloorMs:F1} ms", Samples(r.FloorSamplesMs, "F0"));
        table.AddRow("ip/bridge -batch + nft -f (baseline)", $"{r.BatchMs:F1} ms", Samples(r.BatchSamplesMs, "F0"));
        table.AddRow("vxmesh agent (plan + observe + diff + apply)", $"{r.AgentMs:F1} ms", Samples(r.AgentSamplesMs, "F0"));
        AnsiConsole.MarkupLine($"[bold]control plane[/]: {r.Peers} peers = {r.Entries} kernel entries, {r.Repeats} repeats");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"agent / floor: [bold]{r.AgentToFloor:F2}[/] (goal <= {ControlPlaneResult.TargetAgentToFloor:F2}: {Verdict(r.AgentToFloor <= ControlPlaneResult.TargetAgentToFloor)}); " +
            $"ip-batch / floor: {r.BatchToFloor:F2}; agent / ip-batch: {r.Ratio:F2}");
        var changes = new Table().Border(TableBorder.Rounded).AddColumns("one peer (a registry delta)", "p50", "p99", "max", "events");
        changes.AddRow("joins: ARP + FDB + nexthop + route + filter element", $"{r.PeerJoinMs:F3} ms", $"{r.JoinP99Ms:F3} ms", $"{r.PeerJoinSamplesMs.DefaultIfEmpty().Max():F3} ms", $"{r.Events}");
        changes.AddRow("leaves: the same five removed", $"{r.PeerLeaveMs:F3} ms", $"{r.LeaveP99Ms:F3} ms", $"{r.PeerLeaveSamplesMs.DefaultIfEmpty().Max():F3} ms", $"{r.Events}");
        AnsiConsole.Write(changes);
        AnsiConsole.MarkupLine($"one-peer change p99 <= {ControlPlaneResult.TargetChangeP99Ms:F0} ms: {Verdict(Math.Max(r.JoinP99Ms, r.LeaveP99Ms) <= ControlPlaneResult.TargetChangeP99Ms)}");
        if (r.Process is { } p)
        {
            AnsiConsole.MarkupLine($"real agent process: start -> converged {p.StartConvergedMs:F0} ms; RSS peak {p.PeakRssMb:F1} MB, steady {p.SteadyRssMb:F1} MB " +
                $"(after each of {p.RssAfterResyncsMb.Count} resyncs every {p.ResyncSeconds:0.#} s: {Samples(p.RssAfterResyncsMb, "F1")})" +
                (r.TargetSteadyRssMb is { } target ? $", goal <= {target:F0} MB: {Verdict(p.SteadyRssMb <= target)}" : ""));
            AnsiConsole.MarkupLine($"restart over the converged kernel: first pass {p.RestartConvergedMs:F0} ms after start, {p.RestartWrites} writes {Verdict(p.RestartWrites == 0)}");
        }
    }

    private static string Samples(IEnumerable<double> samples, string format) =>
        string.Join(" ", samples.Select(s => s.ToString(format, CultureInfo.InvariantCulture)));

    private static string Verdict(bool ok) => ok ? "[green]met[/]" : "[red]missed[/]";
}
