using System.Diagnostics;
using Spectre.Console;
using VxMesh.Cli.Common;
using VxMesh.Cli.Output;
using VxMesh.Lab.Kubernetes;
using VxMesh.Lab.Registry;
using VxMesh.Lab.Runtime;
using VxMesh.Lab.Topology;

namespace VxMesh.Cli.Commands;

/// <summary>
/// `vxmesh demo --kubernetes`: the article's clusters as Kubernetes clusters, VxMesh installed into
/// each the way a user installs it (kubectl apply of deploy/), what the API then shows, workloads
/// reaching each other across clusters by pod IP with their own source IP, everything removed.
/// </summary>
public static class KubernetesDemo
{
    private const string FirstCluster = "test-cluster1";

    public static async Task<int> RunAsync(string lab, CancellationToken cancel)
    {
        RootCheck.Require("demo --kubernetes");
        AnsiConsole.MarkupLine("[bold]vxmesh demo --kubernetes[/]: the article's 3 calico clusters x 2 nodes,");
        AnsiConsole.MarkupLine("each a real Kubernetes control plane (kube-apiserver, controller-manager,");
        AnsiConsole.MarkupLine("scheduler) with kube-proxy on every node. VxMesh is installed into each");
        AnsiConsole.MarkupLine("cluster from deploy/ with kubectl: its agent runs as a DaemonSet pod per");
        AnsiConsole.MarkupLine("node (through the lab's kubelet, in the node's namespace), its controller");
        AnsiConsole.MarkupLine("keeps the IPPools. Nothing touches the root namespace; all is removed at");
        AnsiConsole.MarkupLine("the end, also on failure or Ctrl-C.\n");
        using var hold = ExitGuard.Hold();
        var log = new LabConsoleLog();
        if (LabDown.AllLabs().Contains(lab))
        {
            await LabDown.RunAsync(lab, log, cancel);
        }
        var topology = LabLoader.LoadPreset("seed", lab).Topology
            ?? throw new LabException("the built-in seed preset does not load (build problem)");
        var clock = Stopwatch.StartNew();
        TimeSpan up = default;
        IReadOnlyList<CrossClusterRequest> requests = [];
        try
        {
            AnsiConsole.MarkupLine("[bold]1. lab up --preset seed --kubernetes --install[/]");
            var state = await new LabUp(AgentProgram.ForCli(AppContext.BaseDirectory), log)
            {
                Kubernetes = true,
                Install = true,
                Etcd = EtcdLabOptions.Default,
            }.RunAsync(topology, cancel);
            up = clock.Elapsed;

            var kubectl = Kubectl.For(state);
            AnsiConsole.MarkupLine($"\n[bold]2. what {FirstCluster}'s API shows[/]");
            foreach (var args in new[]
            {
                new[] { "-n", "vxmesh-system", "get", "pods", "-o", "wide" },
                ["get", "remoteclusters"],
                ["get", "ippools.crd.projectcalico.org", "-l", "app.kubernetes.io/managed-by=vxmesh", "-o", "custom-columns=NAME:.metadata.name,CIDR:.spec.cidr,NAT:.spec.natOutgoing,DISABLED:.spec.disabled"],
            })
            {
                Console.WriteLine($"  $ kubectl {string.Join(' ', args)}");
                var result = await kubectl.RunCheckedAsync($"kubectl {args[^1]}", FirstCluster, args, cancel);
                Console.WriteLine(string.Join('\n', result.Stdout.TrimEnd().Split('\n').Select(l => "  " + l)));
            }

            AnsiConsole.MarkupLine("\n[bold]3. workloads across clusters[/]: in each cluster a hello Deployment");
            AnsiConsole.MarkupLine($"   (nginx x 2) and a curl pod, applied with kubectl in {CrossClusterCheck.Namespace};");
            AnsiConsole.MarkupLine("   every curl pod calls every other cluster's hello pods by pod IP");
            requests = await CrossClusterCheck.RunAsync(state, log, cancel);
            CrossClusterTable.Write(requests);
        }
        finally
        {
            AnsiConsole.MarkupLine("\n[bold]4. lab down[/]");
            await LabDown.RunAsync(lab, log, CancellationToken.None);
        }
        var passed = requests.Count > 0 && requests.All(r => r.Ok && r.SourceKept);
        AnsiConsole.MarkupLine($"\n[bold]Summary[/]: lab up with Kubernetes and VxMesh installed {up.TotalSeconds:0.0} s");
        AnsiConsole.MarkupLine($"  {requests.Count(r => r.Ok)}/{requests.Count} cross-cluster requests answered, {requests.Count(r => r.SourceKept)} with the caller's own IP");
        AnsiConsole.MarkupLine(passed ? "[green bold]demo passed[/]" : "[red bold]demo failed[/]");
        return passed ? ExitCodes.Ok : ExitCodes.Failure;
    }
}
