using System.CommandLine;
using Spectre.Console;
using VxMesh.Bench.ControlPlane;
using VxMesh.Cli.Common;
using VxMesh.Core.Rendering;

namespace VxMesh.Cli.Commands;

/// <summary>`vxmesh bench`: measurements, always as ratios against a baseline run in the same process run.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench",
            "Measure VxMesh against a baseline run in the same process run, on this machine.\n" +
            "Figures are medians over repeats (a shared machine is noisy); methods in docs/benchmarks.md.");
        command.Subcommands.Add(ControlPlane());
        return command;
    }

    private static Command ControlPlane()
    {
        var peers = new Option<int>("--peers", "-p") { Description = "Synthetic peers (each: ARP + FDB + nexthop + route)", DefaultValueFactory = _ => 1000 };
        peers.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > SyntheticMesh.MaxPeers)
            {
                r.AddError($"--peers must be 1..{SyntheticMesh.MaxPeers}");
            }
        });
        var repeats = new Option<int>("--repeat", "-r") { Description = "Repeats (fresh namespaces each); medians are reported", DefaultValueFactory = _ => 3 };
        repeats.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 50)
            {
                r.AddError("--repeat must be 1..50");
            }
        });
        var output = CommonOptions.Output();
        var command = new Command("control-plane",
            "Program N synthetic peers into a fresh namespace through the agent and, in the same run, through\n" +
            "iproute2 batch files (ip -batch with nexthop objects + bridge -batch); print both times and the ratio.\n" +
            "Then time single-peer joins and leaves on the converged node. Namespaces are removed afterwards.\n\n" +
            "Example: vxmesh bench control-plane --peers 10000 -o json")
        {
            peers, repeats, output,
        };
        command.SetAction(async (parse, cancel) =>
        {
            RootCheck.Require("bench control-plane");
            var json = parse.GetValue(output) == "json";
            var progress = new Progress<string>(m => Console.Error.WriteLine($"vxmesh: {m}"));
            var result = await ControlPlaneBench.RunAsync(parse.GetValue(peers), parse.GetValue(repeats), progress, cancel);
            if (json)
            {
                Console.WriteLine(JsonFormat.Serialize(result));
            }
            else
            {
                Write(result);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Write(ControlPlaneResult r)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("path", "median", "samples (ms)");
        table.AddRow("ip -batch + bridge -batch (baseline)", $"{r.BatchMs:F1} ms", string.Join(" ", r.BatchSamplesMs.Select(s => s.ToString("F0"))));
        table.AddRow("vxmesh agent (plan + observe + diff + apply)", $"{r.AgentMs:F1} ms", string.Join(" ", r.AgentSamplesMs.Select(s => s.ToString("F0"))));
        table.AddRow("one peer joins (4 entries)", $"{r.PeerJoinMs:F2} ms", string.Join(" ", r.PeerJoinSamplesMs.Select(s => s.ToString("F1"))));
        table.AddRow("one peer leaves (4 entries)", $"{r.PeerLeaveMs:F2} ms", string.Join(" ", r.PeerLeaveSamplesMs.Select(s => s.ToString("F1"))));
        AnsiConsole.MarkupLine($"[bold]control plane[/]: {r.Peers} peers = {r.Entries} kernel entries, {r.Repeats} repeats");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"ratio agent / baseline: [bold]{r.Ratio:F2}[/] (below 1: the agent is faster than iproute2 batch files)");
    }
}
