using System.Text.Json.Nodes;
using VxMesh.Lab.Kubelet;
using VxMesh.Lab.Kubernetes;
using VxMesh.Lab.Runtime;
using VxMesh.Lab.Verify;

namespace VxMesh.Bench.Services;

/// <summary>
/// `vxmesh bench services --lab LAB`: seeds/004's latency table for the ways to a service across clusters, in a
/// Kubernetes lab with VxMesh installed (`lab up --kubernetes --install`). In namespace vxmesh-bench it deploys a
/// client pod and a `web` Service (two nginx replicas) in the first cluster, and a `web` Service exported with a
/// ServiceExport in the second; waits for the import; then, per round, one curl (its own process and connection,
/// seeds/004's way) through each path one after another. Last, N flows to the second cluster's ClusterIP, counted
/// per translating node. Removes its namespace whatever happens.
/// </summary>
public static class ServicesBench
{
    public const string Namespace = "vxmesh-bench";
    private static readonly TimeSpan ImportWithin = TimeSpan.FromSeconds(90);

    public static async Task<ServicesBenchResult> RunAsync(string lab, int samples, int flows, IProgress<string> progress, CancellationToken cancel)
    {
        var paths = LabPaths.For(lab);
        var state = LabState.Require(lab, paths);
        if (state.Kubernetes is not { Clusters.Count: >= 2 } kubernetes)
        {
            throw new LabInputException($"lab {lab} has no Kubernetes with two clusters: bench services needs `vxmesh lab up --preset seed --kubernetes --install`");
        }
        var (from, to) = (kubernetes.Clusters[0].Name, kubernetes.Clusters[1].Name);
        var kubectl = Kubectl.For(state);
        var log = new ProgressLog(progress);
        try
        {
            foreach (var cluster in new[] { from, to })
            {
                await ServicesCheck.DeleteNamespaceAsync(kubectl, cluster, Namespace, wait: true, cancel);
            }
            progress.Report($"deploying a client and web in {from}, an exported web in {to} (namespace {Namespace})");
            await kubectl.ApplyAsync($"the bench client and web in {from}", from, ServicesCheck.Client(Namespace) + "---\n" + RemoteClusterIpCheck.Web(Namespace), cancel);
            await kubectl.ApplyAsync($"the exported web in {to}", to,
                $"apiVersion: v1\nkind: Namespace\nmetadata: {{name: {Namespace}}}\n---\n" + RemoteClusterIpCheck.Web(Namespace) +
                $"---\napiVersion: multicluster.x-k8s.io/v1alpha1\nkind: ServiceExport\nmetadata: {{name: {RemoteClusterIpCheck.Service}, namespace: {Namespace}}}\n", cancel);
            foreach (var cluster in new[] { from, to })
            {
                await RemoteClusterIpCheck.RolledOutAsync(kubectl, cluster, Namespace, cancel);
            }
            var client = await ServicesCheck.ClientAsync(state, kubectl, from, Namespace, log, cancel);
            var targets = new List<(ServicePathKind Kind, string Ip)>
            {
                (ServicePathKind.PodToPod, (await PodIpsAsync(kubectl, to, cancel))[0]),
                (ServicePathKind.LocalClusterIp, await RemoteClusterIpCheck.ClusterIpAsync(kubectl, from, Namespace, cancel)),
                (ServicePathKind.RemoteClusterIp, await RemoteClusterIpCheck.ClusterIpAsync(kubectl, to, Namespace, cancel)),
                (ServicePathKind.ImportedService, await ImportIpAsync(kubectl, from, progress, cancel)),
            };
            var lines = new List<IReadOnlyList<string>>();
            foreach (var (kind, ip) in targets)
            {
                if (!await RemoteClusterIpCheck.AnswersAsync(client, ip, 80, cancel))
                {
                    throw new LabException($"{kind} {ip}: no answer within 30 s");
                }
                lines.Add(await PodLookup.EnterAsync(client.Record, client.NodeNamespace, CurlProbe.Command(ip), cancel));
            }
            var tallies = targets.Select(_ => new Tally()).ToList();
            progress.Report($"{samples} rounds of {targets.Count} requests from {from}/{client.Name} ({client.Ip})");
            for (var round = 0; round < samples; round++)
            {
                for (var i = 0; i < targets.Count; i++)
                {
                    var run = await ProcessRunner.RunAsync(lines[i][0], lines[i].Skip(1).ToList(), Timeouts.Probe, cancel);
                    if (run.Ok && CurlProbe.Parse(run.Stdout) is { HttpCode: 200 } outcome)
                    {
                        tallies[i].Total.Add(outcome.TotalMs);
                        tallies[i].Connect.Add(outcome.ConnectMs);
                    }
                    else
                    {
                        tallies[i].Failures++;
                    }
                }
            }
            var rows = targets.Select((t, i) => new ServicePathRow(t.Kind, t.Ip, samples, tallies[i].Failures, tallies[i].Total, tallies[i].Connect)).ToList();
            progress.Report($"{flows} flows to {to}'s ClusterIP {targets[2].Ip}, counted per translating node");
            var spread = await RemoteClusterIpCheck.RunAsync(state, client, to, targets[2].Ip, 80, flows, cancel);
            return new ServicesBenchResult(lab, from, to, rows, spread);
        }
        finally
        {
            foreach (var cluster in new[] { from, to })
            {
                await ServicesCheck.DeleteNamespaceAsync(kubectl, cluster, Namespace, wait: false, CancellationToken.None);
            }
        }
    }

    private static async Task<IReadOnlyList<string>> PodIpsAsync(Kubectl kubectl, string cluster, CancellationToken cancel)
    {
        var endpoints = JsonNode.Parse((await kubectl.RunCheckedAsync($"endpoints {Namespace}/{RemoteClusterIpCheck.Service} of {cluster}", cluster,
            ["-n", Namespace, "get", "endpoints", RemoteClusterIpCheck.Service, "-o", "json"], cancel)).Stdout)!;
        var ips = (endpoints["subsets"]?.AsArray() ?? []).SelectMany(s => s!["addresses"]?.AsArray() ?? []).Select(a => (string)a!["ip"]!).Order(StringComparer.Ordinal).ToList();
        return ips.Count > 0 ? ips : throw new LabException($"{cluster}: service {Namespace}/{RemoteClusterIpCheck.Service} has no ready pod");
    }

    /// <summary>The ServiceImport's IP in the importing cluster, once the controllers have carried the export over (bounded).</summary>
    private static async Task<string> ImportIpAsync(Kubectl kubectl, string cluster, IProgress<string> progress, CancellationToken cancel)
    {
        progress.Report($"{cluster}: waiting for the ServiceImport {Namespace}/{RemoteClusterIpCheck.Service}");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < ImportWithin)
        {
            var result = await kubectl.RunAsync(cluster, ["-n", Namespace, "get", "serviceimport", RemoteClusterIpCheck.Service, "-o", "json"], cancel);
            if (result.Ok && (string?)JsonNode.Parse(result.Stdout)?["spec"]?["ips"]?[0] is { Length: > 0 } ip)
            {
                return ip;
            }
            await Task.Delay(TimeSpan.FromSeconds(1), cancel);
        }
        throw new LabException($"{cluster}: no ServiceImport {Namespace}/{RemoteClusterIpCheck.Service} with an IP within {ImportWithin.TotalSeconds:0} s: is VxMesh installed (lab up --install)?");
    }

    /// <summary>The lab's steps, as progress lines.</summary>
    private sealed class ProgressLog(IProgress<string> progress) : ILabLog
    {
        public void Step(string message) => progress.Report(message);
    }

    /// <summary>One path's samples while the rounds run.</summary>
    private sealed class Tally
    {
        public List<double> Total { get; } = [];

        public List<double> Connect { get; } = [];

        public int Failures { get; set; }
    }
}
