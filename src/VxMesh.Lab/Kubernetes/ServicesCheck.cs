using System.Text.Json.Nodes;
using VxMesh.Lab.Kubelet;
using VxMesh.Lab.Runtime;

namespace VxMesh.Lab.Kubernetes;

/// <summary>One answer to a request through an imported service: the nginx line's pod, cluster and client=.</summary>
public sealed record ServiceAnswer(string Pod, string Cluster, string Client);

/// <summary>
/// A client pod of <see cref="FromCluster"/> curling one imported service by its derived ClusterIP
/// <see cref="Requests"/> times (new connections, so kube-proxy picks a backend each time).
/// </summary>
/// <param name="Exporters">The clusters exporting it, from the ServiceImport's status.clusters.</param>
/// <param name="Answers">Every answer that came back, in order; failed requests are counted in <see cref="Failures"/>.</param>
/// <param name="Ok">Every request answered, each by a pod of an exporting cluster.</param>
/// <param name="SourceKept">Every answer saw the client pod's own IP: no SNAT on the way.</param>
public sealed record ServiceRequests(
    string FromCluster, string FromPod, string FromIp, string Service, string ClusterIp, int Port, IReadOnlyList<string> Exporters,
    int Requests, IReadOnlyList<ServiceAnswer> Answers, IReadOnlyList<string> Failures, bool Ok, bool SourceKept)
{
    /// <summary>Distinct backends that answered, as CLUSTER/POD.</summary>
    public IReadOnlyList<string> Backends => Answers.Select(a => $"{a.Cluster}/{a.Pod}").Distinct().Order(StringComparer.Ordinal).ToList();
}

public sealed record ServicesReport(IReadOnlyList<ServiceRequests> Services)
{
    /// <summary>At least one imported service was checked, and every check answered from an exporter with the client's IP kept.</summary>
    public bool Ok => Services.Count > 0 && Services.All(s => s.Ok && s.SourceKept);
}

/// <summary>
/// `vxmesh verify --services`: in every cluster of a Kubernetes lab a `client` pod (curl) in
/// namespace vxmesh-verify, which curls every ServiceImport the cluster holds by its derived
/// ClusterIP (spec.ips) and first port; the lab's nginx answers with its pod, cluster and the
/// client address it saw. Removes its namespace again.
/// </summary>
public static class ServicesCheck
{
    public const string Namespace = "vxmesh-verify";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(2);

    /// <param name="only">Just this NAMESPACE/NAME (a test's own service); null: every import.</param>
    public static async Task<ServicesReport> RunAsync(LabState state, int requests, ILabLog log, CancellationToken cancel, string? only = null)
    {
        var kubectl = Kubectl.For(state);
        var clusters = state.Kubernetes!.Clusters.Select(c => c.Name).ToList();
        try
        {
            foreach (var cluster in clusters)
            {
                await kubectl.ApplyAsync($"the verify client in {cluster}", cluster, Client, cancel);
            }
            var results = new List<ServiceRequests>();
            foreach (var cluster in clusters)
            {
                log.Step($"{cluster}: waiting for pod/client");
                var wait = await kubectl.RunAsync(cluster, ["-n", Namespace, "wait", "--for=condition=Ready", "pod/client", $"--timeout={ReadyTimeout.TotalSeconds}s"], cancel,
                    timeout: ReadyTimeout + TimeSpan.FromSeconds(30));
                if (!wait.Ok)
                {
                    throw new LabException($"{cluster}: pod {Namespace}/client not ready: {wait.Stderr.Trim()}");
                }
                var pod = JsonNode.Parse((await kubectl.RunCheckedAsync($"the client pod of {cluster}", cluster, ["-n", Namespace, "get", "pod", "client", "-o", "json"], cancel)).Stdout)!;
                var clientIp = (string?)pod["status"]?["podIP"] ?? throw new LabException($"{cluster}: pod {Namespace}/client has no IP");
                var record = PodLookup.Find(LabPaths.For(state.Lab), $"{cluster}/{Namespace}/client", out var problem)
                    ?? throw new LabException($"pod {cluster}/{Namespace}/client has no lab record: {problem ?? "not found"}");
                var node = state.Nodes.Single(n => n.Name == record.Node);
                var imports = JsonNode.Parse((await kubectl.RunCheckedAsync($"ServiceImports of {cluster}", cluster, ["get", "serviceimports", "-A", "-o", "json"], cancel)).Stdout)!;
                foreach (var import in imports["items"]?.AsArray() ?? [])
                {
                    var service = $"{import!["metadata"]!["namespace"]}/{import["metadata"]!["name"]}";
                    if (only is not null && service != only)
                    {
                        continue;
                    }
                    var ip = (string?)import["spec"]?["ips"]?[0];
                    var port = (int?)import["spec"]?["ports"]?[0]?["port"] ?? 80;
                    var exporters = (import["status"]?["clusters"]?.AsArray() ?? []).Select(c => (string?)c?["cluster"] ?? "").ToList();
                    if (ip is null)
                    {
                        results.Add(new ServiceRequests(cluster, "client", clientIp, service, "", port, exporters, 0, [], ["the ServiceImport has no IP (spec.ips)"], false, false));
                        continue;
                    }
                    log.Step($"{cluster}: {requests} requests to {service} at {ip}:{port}");
                    results.Add(await RequestsAsync(cluster, clientIp, service, ip, port, exporters, requests, record, node.Namespace, cancel));
                }
            }
            return new ServicesReport(results);
        }
        finally
        {
            foreach (var cluster in clusters)
            {
                await kubectl.RunAsync(cluster, ["delete", "namespace", Namespace, "--ignore-not-found", "--wait=false"], CancellationToken.None);
            }
        }
    }

    /// <summary>Reads nginx's `pod=… node=… cluster=… client=…` line; null for anything else.</summary>
    public static ServiceAnswer? Parse(string line)
    {
        var fields = line.Trim().Split(' ').Select(f => f.Split('=', 2)).Where(f => f.Length == 2).ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal);
        return fields.TryGetValue("pod", out var pod) && fields.TryGetValue("cluster", out var cluster) && fields.TryGetValue("client", out var client)
            ? new ServiceAnswer(pod, cluster, client) : null;
    }

    private static async Task<ServiceRequests> RequestsAsync(string cluster, string clientIp, string service, string ip, int port, IReadOnlyList<string> exporters,
        int requests, PodRecord client, string nodeNamespace, CancellationToken cancel)
    {
        var answers = new List<ServiceAnswer>();
        var failures = new List<string>();
        var line = await PodLookup.EnterAsync(client, nodeNamespace, ["curl", "-s", "--max-time", "3", $"http://{ip}:{port}/"], cancel);
        for (var i = 0; i < requests; i++)
        {
            var result = await ProcessRunner.RunAsync(line[0], line.Skip(1).ToList(), Timeouts.Command, cancel);
            if (result.Ok && Parse(result.Stdout) is { } answer)
            {
                answers.Add(answer);
            }
            else
            {
                failures.Add(result.Ok ? $"unexpected answer: {result.Stdout.Trim()}" : $"curl exit {result.ExitCode} {result.Stderr.Trim()}");
            }
        }
        var ok = failures.Count == 0 && answers.Count == requests && answers.All(a => exporters.Contains(a.Cluster));
        return new ServiceRequests(cluster, "client", clientIp, service, ip, port, exporters, requests, answers, failures, ok,
            answers.Count > 0 && answers.All(a => a.Client == clientIp));
    }

    private const string Client = $$$"""
        apiVersion: v1
        kind: Namespace
        metadata: {name: {{{Namespace}}}}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: client, namespace: {{{Namespace}}}}
        spec:
          containers: [{name: curl, image: curlimages/curl, command: [sleep, "3600"]}]

        """;
}
