using System.CommandLine;
using VxMesh.Cli.Common;
using VxMesh.Core.Rendering;
using VxMesh.Lab.Churn;
using VxMesh.Lab.Runtime;

namespace VxMesh.Cli.Commands;

/// <summary>`vxmesh lab node add|rm|crash`: nodes joining, leaving and dying in a running etcd lab.</summary>
public static class LabNodeCommand
{
    public static Command Create() =>
        new("node",
            "Change a running etcd lab's membership the way machines do: a node joins (its agent registers\n" +
            "itself), leaves (its agent deregisters) or dies (its registration expires after the lease TTL).\n" +
            "Needs a lab brought up with --registry etcd. Unknown labs and nodes exit 2.")
        {
            Add(), Remove(), Crash(),
        };

    private static Command Add()
    {
        var (lab, name) = (LabArgument(), new Argument<string>("name") { Description = "The new node's name" });
        var cluster = new Option<string>("--cluster", "-c") { Description = "Its cluster (one of the lab's)", Required = true };
        var ip = new Option<string>("--ip") { Description = "Its underlay address, inside one of the lab's segments", Required = true };
        var podCidrs = new Option<string[]>("--pod-cidr")
        {
            Description = "Its pod block, inside the cluster's pod CIDRs (repeatable)",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var pods = NumberOption.OptionalWhole("--pods", $"nginx pods on it (1..{VxMesh.Lab.Topology.LabSettings.MaxPodsPerNode}; default: the lab's podsPerNode)", 1, VxMesh.Lab.Topology.LabSettings.MaxPodsPerNode);
        var output = CommonOptions.Output();
        var command = new Command("add",
            "Build a node in a running etcd lab: its namespace and underlay port on its segment, its pods with\n" +
            "nginx, the CNI's routes on the other nodes of its cluster, and its agent, started without a node list:\n" +
            "it discovers its address and blocks and registers itself. Returns when every kernel (its own and every\n" +
            "other cluster's node) holds its routes and its nginx answers, and says how long after its registration.\n\n" +
            "Example: vxmesh lab node add seed multicluster-test-007 --cluster test-cluster1 --ip 198.18.1.41 --pod-cidr 198.19.60.0/24")
        {
            lab, name, cluster, ip, podCidrs, pods, output,
        };
        command.SetAction((parse, cancel) => LabInput.RunAsync(async () =>
        {
            RootCheck.Require("lab node add");
            var request = new NodeRequest(parse.GetValue(name)!, parse.GetValue(cluster)!, parse.GetValue(ip)!,
                parse.GetValue(podCidrs) ?? [], parse.GetValue(pods));
            var report = await new LabNodeAdd(AgentProgram.ForCli(AppContext.BaseDirectory), new StderrLabLog())
                .RunAsync(LabInput.RequireName(parse.GetValue(lab)), request, cancel);
            Write(parse.GetValue(output), report, () =>
                $"node {report.Node} ({report.Cluster}, {report.Ip}, {string.Join(", ", report.Blocks)}) joined lab {report.Lab}: " +
                (report.ConvergenceMs is { } ms
                    ? $"registered, then in all {report.Peers} peers' kernels {ms:0} ms later; its own kernel done {report.ReadyMs:0} ms after registering"
                    : "in every kernel (its registration time was not found in its agent log)"));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Remove()
    {
        var (lab, name, output) = (LabArgument(), NodeArgument(), CommonOptions.Output());
        var command = new Command("rm",
            "Remove a node gracefully: SIGTERM its agent, which deregisters (every peer drops the node at once), then\n" +
            "delete its namespaces and pods. Returns when no peer's kernel routes to it any more.")
        {
            lab, name, output,
        };
        command.SetAction((parse, cancel) => LabInput.RunAsync(async () =>
        {
            RootCheck.Require("lab node rm");
            var report = await new LabNodeRemove(new StderrLabLog()).RunAsync(LabInput.RequireName(parse.GetValue(lab)), parse.GetValue(name)!, crash: false, cancel);
            Write(parse.GetValue(output), report, () =>
                $"node {report.Node} left lab {report.Lab}: " +
                (report.Deregistered ? "deregistered" : $"its agent did not deregister (peers waited for its {report.LeaseTtlSeconds} s lease)") +
                $", gone from all {report.Peers} peers' kernels {report.GoneMs:0} ms after SIGTERM");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Crash()
    {
        var (lab, name, output) = (LabArgument(), NodeArgument(), CommonOptions.Output());
        var command = new Command("crash",
            "Kill a node as a power cut would: SIGKILL its agent (no deregistration) and delete its namespaces and\n" +
            "pods at once. Its registration stays in etcd until its lease TTL runs out; until then peers keep routing\n" +
            "to it. Returns immediately.")
        {
            lab, name, output,
        };
        command.SetAction((parse, cancel) => LabInput.RunAsync(async () =>
        {
            RootCheck.Require("lab node crash");
            var report = await new LabNodeRemove(new StderrLabLog()).RunAsync(LabInput.RequireName(parse.GetValue(lab)), parse.GetValue(name)!, crash: true, cancel);
            Write(parse.GetValue(output), report, () =>
                $"node {report.Node} of lab {report.Lab} crashed; its {report.Peers} peers drop it when its lease expires (TTL {report.LeaseTtlSeconds} s)");
            return ExitCodes.Ok;
        }));
        return command;
    }

    internal static Argument<string> LabArgument() => new("lab") { Description = "The lab's name" };

    internal static Argument<string> NodeArgument() => new("name") { Description = "A node of the lab (see lab status)" };

    internal static void Write<T>(string? output, T report, Func<string> line)
    {
        Console.WriteLine(output == "json" ? JsonFormat.Serialize(report) : line());
    }
}
