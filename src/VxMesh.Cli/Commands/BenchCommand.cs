using System.CommandLine;
using Spectre.Console;
using VxMesh.Bench.ControlPlane;
using VxMesh.Bench.Convergence;
using VxMesh.Bench.Drift;
using VxMesh.Cli.Common;
using VxMesh.Cli.Output;
using VxMesh.Core.Rendering;
using VxMesh.Lab.Runtime;

namespace VxMesh.Cli.Commands;

/// <summary>`vxmesh bench`: measurements, always as ratios against a baseline run in the same process run.</summary>
public static partial class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench",
            "Measure VxMesh against a baseline run in the same process run, on this machine.\n" +
            "Figures are medians over repeats (a shared machine is noisy); methods in docs/benchmarks.md.\n\n" +
            DataPathDescription);
        AddDataPath(command);
        command.Subcommands.Add(ControlPlane());
        command.Subcommands.Add(Drift());
        command.Subcommands.Add(Convergence());
        command.Subcommands.Add(Health());
        command.Subcommands.Add(Services());
        return command;
    }

    private static Command Services()
    {
        var lab = new Option<string?>("--lab") { Description = "The running Kubernetes lab with VxMesh installed (lab up --kubernetes --install; default seed)" };
        var samples = NumberOption.Whole("--samples", "Requests per path (rounds over the four paths; 1..1000)", 1, 1000, 50, "-n");
        var flows = NumberOption.Whole("--flows", "Flows to the remote ClusterIP counted per translating node (1..1000)", 1, 1000, 100);
        var output = CommonOptions.Output();
        var command = new Command("services",
            "seeds/004's latency table for services across clusters, in a Kubernetes lab with VxMesh installed: from a\n" +
            "client pod of the first cluster, curl (one process and connection per request, time_total) to a pod of the\n" +
            "second cluster directly (the baseline), to a local ClusterIP, to the second cluster's own ClusterIP over the\n" +
            "mesh's service routes, and to the ServiceImport of a Service the second cluster exports; the paths take turns\n" +
            "request by request. Prints p50/p99 and each median's ratio to pod -> pod, then the share of N flows to the\n" +
            "remote ClusterIP each of the second cluster's nodes translated. Deploys into namespace vxmesh-bench and\n" +
            "removes it. Exit 0 either way: this measures.\n\n" +
            "Example:\n  vxmesh bench services --lab seed --samples 100 --flows 200 -o json")
        {
            lab, samples, flows, output,
        };
        command.SetAction((parse, cancel) => LabInput.RunAsync(async () =>
        {
            RootCheck.Require("bench services");
            var progress = new Progress<string>(m => Console.Error.WriteLine($"vxmesh: {m}"));
            var r = await VxMesh.Bench.Services.ServicesBench.RunAsync(LabInput.RequireName(parse.GetValue(lab)), parse.GetValue(samples), parse.GetValue(flows), progress, cancel);
            if (parse.GetValue(output) == "json")
            {
                Console.WriteLine(JsonFormat.Serialize(r));
            }
            else
            {
                ServicesBenchTable.Write(r);
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Convergence()
    {
        var lab = new Option<string?>("--lab") { Description = "Measure with the real agents of this running etcd lab (a temporary node joins and leaves)" };
        var peers = NumberOption.OptionalWhole("--peers", $"Measure one real agent against this many synthetic peers in etcd (1..{SyntheticMesh.MaxPeers}; default 1000)", 1, SyntheticMesh.MaxPeers, "-p");
        var repeats = NumberOption.OptionalWhole("--repeat", "Joins and leaves to time (1..500; default: 5 in a lab, 20 synthetic)", 1, 500, "-r");
        var warmup = NumberOption.OptionalWhole("--warmup", "Untimed joins and leaves first (0..100; default: 1 in a lab, 5 synthetic; 0 times a cold agent)", 0, 100);
        var output = CommonOptions.Output();
        var command = new Command("convergence",
            "Time from a node's registration (and deregistration) in etcd to the last peer's kernel having it\n" +
            "programmed (and removed), as this process sees both: an etcd watch stamps the event, rtnetlink\n" +
            "notifications plus a dump stamp each kernel. --lab LAB: real agents in an etcd lab; a temporary node\n" +
            "joins with `lab node add` and leaves with `lab node rm`. --peers N (default): one real agent process\n" +
            "against N synthetic peers in its own etcd; one more peer is put and deleted each time, and the agent's\n" +
            "own pass time per event is read from its log. The first --warmup events are not timed (a fresh agent runs\n" +
            "unoptimised code at first). Reports p50/p99; targets: p99 <= 1 s end to end, <= 1 ms\n" +
            "of agent work per event, p99 (exit 0 either way: this measures, it does not judge).\n\n" +
            "Examples:\n" +
            "  vxmesh bench convergence --peers 1000 --repeat 50\n" +
            "  vxmesh bench convergence --lab seed -o json")
        {
            lab, peers, repeats, warmup, output,
        };
        command.SetAction((parse, cancel) => LabInput.RunAsync(async () =>
        {
            if (parse.GetValue(lab) is not null && parse.GetValue(peers) is not null)
            {
                throw new UsageException("give --lab LAB or --peers N, not both");
            }
            RootCheck.Require("bench convergence");
            var agent = AgentProgram.ForCli(AppContext.BaseDirectory);
            var progress = new Progress<string>(m => Console.Error.WriteLine($"vxmesh: {m}"));
            var r = parse.GetValue(lab) is { } name
                ? await LabConvergence.RunAsync(LabInput.RequireName(name), parse.GetValue(repeats) ?? 5, parse.GetValue(warmup) ?? 1, agent, progress, cancel)
                : await SyntheticConvergence.RunAsync(parse.GetValue(peers) ?? 1000, parse.GetValue(repeats) ?? 20, parse.GetValue(warmup) ?? 5, agent, progress, cancel);
            if (parse.GetValue(output) == "json")
            {
                Console.WriteLine(JsonFormat.Serialize(r));
            }
            else
            {
                ConvergenceTable.Write(r);
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Health()
    {
        var lab = new Option<string?>("--lab") { Description = "The running lab whose agents to measure (default seed)" };
        var repeats = NumberOption.Whole("--repeat", "Breaks and restores to time (1..100)", 1, 100, 10, "-r");
        var output = CommonOptions.Output();
        var command = new Command("health",
            "Overlay probes in a running lab, real agents: every agent's last probe RTT to every peer beside the\n" +
            "underlay ping RTT of the same pair (same run; the ratio of medians), then K times break the path between\n" +
            "two nodes of different clusters (`lab path break`) and time until both ends report the other down, restore\n" +
            "it and time until both report up (p50/p99; read every 100 ms). Exit 0 either way: this measures.\n\n" +
            "Example:\n  vxmesh bench health --lab seed --repeat 20 -o json")
        {
            lab, repeats, output,
        };
        command.SetAction((parse, cancel) => LabInput.RunAsync(async () =>
        {
            RootCheck.Require("bench health");
            var progress = new Progress<string>(m => Console.Error.WriteLine($"vxmesh: {m}"));
            var r = await VxMesh.Bench.Health.HealthBench.RunAsync(LabInput.RequireName(parse.GetValue(lab)), parse.GetValue(repeats), progress, cancel);
            if (parse.GetValue(output) == "json")
            {
                Console.WriteLine(JsonFormat.Serialize(r));
            }
            else
            {
                HealthTable.Write(r);
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command ControlPlane()
    {
        var peers = NumberOption.Whole("--peers", $"Synthetic peers (each: ARP + FDB + nexthop + route; 1..{SyntheticMesh.MaxPeers})", 1, SyntheticMesh.MaxPeers, 1000, "-p");
        var repeats = NumberOption.Whole("--repeat", "Repeats (fresh namespaces each; 1..50); medians are reported", 1, 50, 3, "-r");
        var events = NumberOption.Whole("--events", "One-peer joins (and as many leaves) to time on the converged agent (1..100000)", 1, 100_000, 1000, "-e");
        var noProcess = new Option<bool>("--no-process") { Description = "Skip the real agent process (its RSS, start and restart)" };
        var output = CommonOptions.Output();
        var command = new Command("control-plane",
            "Program N synthetic peers into fresh namespaces three ways, in the same run: through the agent, through\n" +
            "iproute2 batch files (ip -batch with nexthop objects + bridge -batch, nft -f for the ingress filter), and as\n" +
            "the kernel's floor (the same messages pre-encoded, in maximal batches, and the same nft -f); print each time\n" +
            "and the ratios agent/ip-batch, agent/floor, ip-batch/floor. Then time one-peer joins and leaves on the\n" +
            "converged agent as registry deltas (p50/p99), and run the real agent process (`vxmesh agent -f`) for its\n" +
            "start-to-converged time, peak and steady RSS (after resyncs), and a restart over the converged kernel\n" +
            "(time, and how many writes it made: 0 expected). Namespaces are removed afterwards.\n\n" +
            "Examples:\n" +
            "  vxmesh bench control-plane --peers 10000 -o json\n" +
            "  vxmesh bench control-plane --peers 50000 --repeat 1")
        {
            peers, repeats, events, noProcess, output,
        };
        command.SetAction(async (parse, cancel) =>
        {
            RootCheck.Require("bench control-plane");
            var json = parse.GetValue(output) == "json";
            var progress = new Progress<string>(m => Console.Error.WriteLine($"vxmesh: {m}"));
            var agent = parse.GetValue(noProcess) ? null : AgentProgram.ForCli(AppContext.BaseDirectory);
            var result = await ControlPlaneBench.RunAsync(parse.GetValue(peers), parse.GetValue(repeats), parse.GetValue(events), agent, progress, cancel);
            if (json)
            {
                Console.WriteLine(JsonFormat.Serialize(result));
            }
            else
            {
                ControlPlaneTable.Write(result);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Drift()
    {
        var tamperings = NumberOption.Whole("--tamper", "Random tamperings to inflict (bounded: 1..100000)", 1, 100_000, 1000, "-t");
        var peers = NumberOption.Whole("--peers", $"Synthetic peers on the node (1..{SyntheticMesh.MaxPeers})", 1, SyntheticMesh.MaxPeers, 50, "-p");
        var seed = NumberOption.Whole("--seed", "Random seed (the same seed replays the same tamperings; 0..2147483647)", 0, int.MaxValue, 1);
        var output = CommonOptions.Output();
        var command = new Command("drift",
            "Run the agent (netlink dataplane + change feed) on a synthetic node in a fresh namespace, then act as a\n" +
            "foreign actor: delete a route, change a neighbour's MAC, delete an FDB entry or the device, one at a\n" +
            "time, and time each repair. Foreign routes (one on our device, one on the underlay) must survive.\n" +
            "Exit 1 when any repair took longer than 1 s or a foreign route was touched.\n\n" +
            "Example: vxmesh bench drift --tamper 1000")
        {
            tamperings, peers, seed, output,
        };
        command.SetAction(async (parse, cancel) =>
        {
            RootCheck.Require("bench drift");
            var progress = new Progress<string>(m => Console.Error.WriteLine($"vxmesh: {m}"));
            var r = await DriftBench.RunAsync(parse.GetValue(tamperings), parse.GetValue(peers), parse.GetValue(seed), progress, cancel);
            if (parse.GetValue(output) == "json")
            {
                Console.WriteLine(JsonFormat.Serialize(r));
            }
            else
            {
                AnsiConsole.MarkupLine($"[bold]drift repair[/]: {r.Tamperings} tamperings ({string.Join(", ", r.ByKind.Select(k => $"{k.Value} {k.Key}"))}) on a node with {r.Peers} peers");
                AnsiConsole.MarkupLine($"repair time: median {r.MedianMs:F0} ms, p99 {r.P99Ms:F0} ms, max {r.MaxMs:F0} ms; over 1 s: {r.Late}");
                AnsiConsole.MarkupLine($"foreign routes untouched: {(r.ForeignUntouched ? "yes" : "[red]NO[/]")}");
            }
            return r.Late == 0 && r.ForeignUntouched ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }
}
