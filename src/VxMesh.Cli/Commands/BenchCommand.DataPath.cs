using System.CommandLine;
using VxMesh.Bench.DataPath;
using VxMesh.Bench.DataPath.Report;
using VxMesh.Cli.Common;
using VxMesh.Cli.Output;
using VxMesh.Core.Rendering;

namespace VxMesh.Cli.Commands;

/// <summary>
/// `vxmesh bench --lab LAB …`: the data path. Its options live on `bench` itself (not recursive,
/// so the subcommands keep their own --lab, -o and --repeat); kept in this file so the verb's other
/// measurements can grow in BenchCommand.cs without touching it.
/// </summary>
public static partial class BenchCommand
{
    private const string DataPathDescription =
        "With --lab: seeds/004's data-path measurements inside a running lab, with real tools in its namespaces:\n" +
        "iperf3 (-J, TCP, 1 and 4 streams), curl (time_connect / time_starttransfer / time_total) and ping, for\n" +
        "every kind of path the lab has: node -> node (the underlay, the baseline), pod -> pod across nodes over\n" +
        "vxlan or host-gw (as the agent routed them), node -> pod on another node, pod -> pod on one node; across\n" +
        "clusters and within one. Every figure comes with its ratio to the underlay measured in the same run.\n" +
        "Exit 1 when a path could not be measured or offloads were not restored.\n\n" +
        "Examples:\n" +
        "  vxmesh bench --lab seed --offloads off --plot seed.png\n" +
        "  vxmesh bench --lab auto --samples 50 --duration 5 --repeat 3 -o json\n" +
        "  vxmesh bench control-plane --peers 10000";

    private static void AddDataPath(Command command)
    {
        var defaults = DataPathOptions.Default;
        var lab = new Option<string?>("--lab") { Description = "The running lab to measure (vxmesh lab up ...)" };
        var output = CommonOptions.Output();
        var plot = new Option<FileInfo?>("--plot") { Description = "Also write a PNG bar chart (throughput and latency per path) to this file" };
        var offloads = new Option<string>("--offloads")
        {
            Description = "on: measure the devices as the lab set them; off: turn TSO/GSO/GRO/TX checksumming off on every lab device " +
                          "while measuring, like a real NIC path (restored afterwards, also on failure or Ctrl-C)",
            DefaultValueFactory = _ => "on",
        };
        offloads.AcceptOnlyFromAmong("on", "off");
        var samples = NumberOption.Whole("--samples", $"curl requests and pings per path and round (1..{DataPathOptions.MaxSamples})", 1, DataPathOptions.MaxSamples, defaults.Samples, "-n");
        var duration = NumberOption.Whole("--duration", $"Seconds per iperf3 run (1..{DataPathOptions.MaxDurationSeconds})", 1, DataPathOptions.MaxDurationSeconds, defaults.DurationSeconds, "-t");
        var repeat = NumberOption.Whole("--repeat", $"Rounds over all paths; medians are reported (1..{DataPathOptions.MaxRepeat})", 1, DataPathOptions.MaxRepeat, defaults.Repeat, "-r");
        foreach (var option in new Option[] { lab, output, plot, offloads, samples, duration, repeat })
        {
            command.Options.Add(option);
        }
        command.SetAction((parse, cancel) => LabInput.RunAsync(async () =>
        {
            if (parse.GetValue(lab) is not { } name)
            {
                throw new UsageException("give --lab LAB to measure a running lab's data path, or a subcommand; see vxmesh bench --help");
            }
            var options = new DataPathOptions(parse.GetValue(samples), parse.GetValue(duration), parse.GetValue(repeat),
                parse.GetValue(offloads) == "off" ? OffloadMode.Off : OffloadMode.On);
            if (options.Problem() is { } problem)
            {
                throw new UsageException(problem);
            }
            RootCheck.Require("bench --lab");
            var state = LabInput.RequireState(LabInput.RequireName(name));
            var report = await DataPathBench.RunAsync(state, options, new LineProgress(), cancel);
            if (parse.GetValue(plot) is { } file)
            {
                DataPathChart.Save(report, file.FullName);
                await Console.Error.WriteLineAsync($"vxmesh: chart written to {file.FullName}");
            }
            if (parse.GetValue(output) == "json")
            {
                Console.WriteLine(JsonFormat.Serialize(report));
            }
            else
            {
                BenchDataPathTable.Write(report);
            }
            await Console.Error.WriteLineAsync($"vxmesh: bench --lab {state.Lab} took {report.ElapsedSeconds:0.0} s");
            return report.Ok ? ExitCodes.Ok : ExitCodes.Failure;
        }));
    }

    /// <summary>Progress on stderr, in order and at once (Progress&lt;T&gt; posts to the thread pool, so lines could trail the report).</summary>
    private sealed class LineProgress : IProgress<string>
    {
        public void Report(string value) => Console.Error.WriteLine($"vxmesh: {value}");
    }
}
