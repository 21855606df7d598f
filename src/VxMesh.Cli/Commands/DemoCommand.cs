using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;
using VxMesh.Cli.Common;
using VxMesh.Cli.Output;
using VxMesh.Lab.Runtime;
using VxMesh.Lab.Topology;
using VxMesh.Lab.Verify;

namespace VxMesh.Cli.Commands;

/// <summary>
/// `vxmesh demo`: the README's main command. The article's six nodes as a lab, the real agent
/// on each, every pod pair checked, the article's own curl shown, everything removed again.
/// </summary>
public static class DemoCommand
{
    private const string Lab = "demo";

    public static Command Create()
    {
        var command = new Command("demo",
            "Build the article's network (seeds/000: three calico clusters of two nodes, VXLAN device vxlan-test,\n" +
            "VNI 10001, port 4899) in network namespaces with the real agent on every node, verify every pod pair\n" +
            "with curl, show the article's own check, and remove it all. Needs root; ./vxmesh installs the\n" +
            "packages it uses (nginx-light, curl, iputils-ping, iperf3, iproute2, nftables). Exit 0 only if all passed.\n\n" +
            "--kubernetes: the same clusters with real Kubernetes control planes; VxMesh installed into each with\n" +
            "kubectl from deploy/ (agent DaemonSet, controller), Deployments that curl each other across clusters\n" +
            "by pod IP. The first run on a machine builds Kubernetes (~15 min, once).");
        var kubernetes = new Option<bool>("--kubernetes") { Description = "Run it on Kubernetes, VxMesh installed with kubectl (docs/kubernetes.md)" };
        command.Options.Add(kubernetes);
        command.SetAction((parse, cancel) => LabInput.RunAsync(() => parse.GetValue(kubernetes) ? KubernetesDemo.RunAsync(Lab, cancel) : RunAsync(cancel)));
        return command;
    }

    private static async Task<int> RunAsync(CancellationToken cancel)
    {
        RootCheck.Require("demo");
        AnsiConsole.MarkupLine("[bold]vxmesh demo[/]: the article's 3 calico clusters x 2 nodes, one flat pod network.");
        AnsiConsole.MarkupLine("Every node and pod is a network namespace; the clusters sit in 3 routed segments,");
        AnsiConsole.MarkupLine("so only the VXLAN mesh joins their pods. Each node runs the real `vxmesh agent`,");
        AnsiConsole.MarkupLine("each pod runs nginx. Nothing touches the root namespace; all is removed at the");
        AnsiConsole.MarkupLine("end, also on failure or Ctrl-C.\n");
        using var hold = ExitGuard.Hold();
        var log = new LabConsoleLog();
        if (LabDown.AllLabs().Contains(Lab))
        {
            await LabDown.RunAsync(Lab, log, cancel);
        }
        var topology = LabLoader.LoadPreset("seed", Lab).Topology
            ?? throw new LabException("the built-in seed preset does not load (build problem)");
        var clock = Stopwatch.StartNew();
        TimeSpan up = default, verify = default;
        VerifyReport? report = null;
        IReadOnlyList<ArticleRequest> article = [];
        try
        {
            AnsiConsole.MarkupLine("[bold]1. lab up --preset seed[/]");
            var state = await new LabUp(AgentProgram.ForCli(AppContext.BaseDirectory), log).RunAsync(topology, cancel);
            up = clock.Elapsed;

            AnsiConsole.MarkupLine("\n[bold]2. verify[/]: curl from every pod to every pod on another node");
            clock.Restart();
            report = await Verifier.RunAsync(state, cancel);
            verify = clock.Elapsed;
            VerifyTable.Write(report);

            AnsiConsole.MarkupLine("\n[bold]3. the article's check[/]: a test-cluster1 pod curls pods of clusters 2 and 3");
            article = await ArticleCheck.RunAsync(state, cancel);
            foreach (var request in article)
            {
                AnsiConsole.MarkupLine($"  [grey]{Markup.Escape(request.From.Name)} ({request.From.Ip})#[/] curl {request.To.Ip}");
                // Printed as curl prints it: unwrapped, whatever the console width.
                Console.WriteLine($"  {request.Answer}");
                AnsiConsole.MarkupLine(request.Ok && request.SourcePreserved ? "  [green]✓ client= is the calling pod's own IP[/]" : "  [red]✗ not the calling pod's IP[/]");
            }
        }
        finally
        {
            AnsiConsole.MarkupLine("\n[bold]4. lab down[/]");
            await LabDown.RunAsync(Lab, log, CancellationToken.None);
        }
        var passed = report is { Ok: true } && article.Count > 0 && article.All(a => a.Ok && a.SourcePreserved);
        AnsiConsole.MarkupLine($"\n[bold]Summary[/]: lab up {up.TotalSeconds:0.0} s, verify {verify.TotalSeconds:0.00} s ({report!.Pairs.Count} pairs)");
        AnsiConsole.MarkupLine(VerifyTable.Summary(report));
        AnsiConsole.MarkupLine(passed ? "[green bold]demo passed[/]" : "[red bold]demo failed[/]");
        return passed ? ExitCodes.Ok : ExitCodes.Failure;
    }
}
