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

/// <param name="RemoteClusterIps">From every cluster to every other cluster's `web` ClusterIP over the mesh (<see cref="RemoteClusterIpCheck"/>).</param>
public sealed record ServicesReport(IReadOnlyList<ServiceRequests> Services, IReadOnlyList<RemoteClusterIpRequests> RemoteClusterIps)
{
    /// <summary>Every imported service answered from an exporter with the client's IP kept (at least one was checked).</summary>
    public bool ImportsOk => Services.Count > 0 && Services.All(s => s.Ok && s.SourceKept);

    /// <summary>Every remote ClusterIP reachable, and translated by more than one node where <see cref="RemoteClusterIpRequests.SpreadRequired"/>.</summary>
    public bool RemoteOk => RemoteClusterIps.All(r => r.Ok);

    public bool Ok => ImportsOk && RemoteOk;
}

/// <summary>
/// `vxmesh verify --services`: in every cluster of a Kubernetes lab a `client` pod (curl) and a
/// `web` Service (<see cref="RemoteClusterIpCheck"/>) in namespace vxmesh-verify. Each client curls
/// every ServiceImport its cluster holds by its derived ClusterIP (spec.ips) and first port, then
/// the `web` ClusterIP of every other cluster; the lab's nginx answers with its pod, cluster and
/// the client address it saw. Removes its namespace again.
/// </summary>
public static class ServicesCheck
{
    public const string Namespace = "vxmesh-verify";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(2);

    /// <summary>The verify client of one cluster: where its curls run.</summary>
    public sealed record ClientPod(string Cluster, string Name, string Ip, PodRecord Record, string NodeNamespace);

    /// <param name="flows">Requests to each remote ClusterIP (each a new flow); 0: imports only.</param>
    /// <param name="only">Just this NAMESPACE/NAME (a test's own service); null: every import.</param>
    public static async Task<ServicesReport> RunAsync(LabState state, int requests, int flows, ILabLog log, CancellationToken cancel, string? only = null)
    {
        var kubectl = Kubectl.For(state);
        var clusters = state.Kubernetes!.Clusters.Select(c => c.Name).ToList();
        try
        {
            foreach (var cluster in clusters)
            {
                await DeleteNamespaceAsync(kubectl, cluster, Namespace, wait: true, cancel);
                await kubectl.ApplyAsync($"the verify client in {cluster}", cluster, Client(Namespace) + "---\n" + RemoteClusterIpCheck.Web(Namespace), cancel);
            }
            var results = new List<ServiceRequests>();
            var clients = new List<ClientPod>();
            foreach (var cluster in clusters)
            {
                var client = await ClientAsync(state, kubectl, cluster, Namespace, log, cancel);
                clients.Add(client);
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
                        results.Add(new ServiceRequests(cluster, client.Name, client.Ip, service, "", port, exporters, 0, [], ["the ServiceImport has no IP (spec.ips)"], false, false));
                        continue;
                    }
                    log.Step($"{cluster}: {requests} requests to {service} at {ip}:{port}");
                    results.Add(await RequestsAsync(client, service, ip, port, exporters, requests, cancel));
                }
            }
            var remote = new List<RemoteClusterIpRequests>();
            foreach (var target in flows > 0 ? clusters : [])
            {
                log.Step($"{target}: waiting for deployment/{RemoteClusterIpCheck.Service}");
                await RemoteClusterIpCheck.RolledOutAsync(kubectl, target, Namespace, cancel);
                var clusterIp = await RemoteClusterIpCheck.ClusterIpAsync(kubectl, target, Namespace, cancel);
                foreach (var client in clients.Where(c => c.Cluster != target))
                {
                    log.Step($"{client.Cluster}: {flows} flows to {target}'s ClusterIP {clusterIp}");
                    remote.Add(await RemoteClusterIpCheck.RunAsync(state, client, target, clusterIp, 80, flows, cancel));
                }
            }
            return new ServicesReport(results, remote);
        }
        finally
        {
            foreach (var cluster in clusters)
            {
                await DeleteNamespaceAsync(kubectl, cluster, Namespace, wait: false, CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// Deletes a namespace of the lab's checks; with <paramref name="wait"/> until it is gone (bounded): a previous run's
    /// namespace may still be terminating, and objects applied into it would not be created or would vanish mid-run.
    /// </summary>
    public static Task DeleteNamespaceAsync(Kubectl kubectl, string cluster, string ns, bool wait, CancellationToken cancel) =>
        wait
            ? kubectl.RunAsync(cluster, ["delete", "namespace", ns, "--ignore-not-found", "--wait=true", $"--timeout={ReadyTimeout.TotalSeconds}s"], cancel,
                timeout: ReadyTimeout + TimeSpan.FromSeconds(30))
            : kubectl.RunAsync(cluster, ["delete", "namespace", ns, "--ignore-not-found", "--wait=false"], cancel);

    /// <summary>Reads nginx's `pod=… node=… cluster=… client=…` line; null for anything else.</summary>
    public static ServiceAnswer? Parse(string line)
    {
        var fields = line.Trim().Split(' ').Select(f => f.Split('=', 2)).Where(f => f.Length == 2).ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal);
        return fields.TryGetValue("pod", out var pod) && fields.TryGetValue("cluster", out var cluster) && fields.TryGetValue("client", out var client)
            ? new ServiceAnswer(pod, cluster, client) : null;
    }

    /// <summary>Waits for the `client` pod of <paramref name="ns"/> (<see cref="Client"/>) to be ready; where its commands run.</summary>
    public static async Task<ClientPod> ClientAsync(LabState state, Kubectl kubectl, string cluster, string ns, ILabLog log, CancellationToken cancel)
    {
        log.Step($"{cluster}: waiting for pod/client");
        var wait = await kubectl.RunAsync(cluster, ["-n", ns, "wait", "--for=condition=Ready", "pod/client", $"--timeout={ReadyTimeout.TotalSeconds}s"], cancel,
            timeout: ReadyTimeout + TimeSpan.FromSeconds(30));
        if (!wait.Ok)
        {
            throw new LabException($"{cluster}: pod {ns}/client not ready: {wait.Stderr.Trim()}");
        }
        var pod = JsonNode.Parse((await kubectl.RunCheckedAsync($"the client pod of {cluster}", cluster, ["-n", ns, "get", "pod", "client", "-o", "json"], cancel)).Stdout)!;
        var clientIp = (string?)pod["status"]?["podIP"] ?? throw new LabException($"{cluster}: pod {ns}/client has no IP");
        var record = PodLookup.Find(LabPaths.For(state.Lab), $"{cluster}/{ns}/client", out var problem)
            ?? throw new LabException($"pod {cluster}/{ns}/client has no lab record: {problem ?? "not found"}");
        return new ClientPod(cluster, "client", clientIp, record, state.Nodes.Single(n => n.Name == record.Node).Namespace);
    }

    /// <summary><paramref name="count"/> curls from the client, each its own process and so its own connection and source port.</summary>
    public static async Task<(List<ServiceAnswer> Answers, List<string> Failures)> CurlManyAsync(ClientPod client, string ip, int port, int count, CancellationToken cancel)
    {
        var answers = new List<ServiceAnswer>();
        var failures = new List<string>();
        var line = await PodLookup.EnterAsync(client.Record, client.NodeNamespace, ["curl", "-s", "--max-time", "3", $"http://{ip}:{port}/"], cancel);
        for (var i = 0; i < count; i++)
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
        return (answers, failures);
    }

    private static async Task<ServiceRequests> RequestsAsync(ClientPod client, string service, string ip, int port, IReadOnlyList<string> exporters,
        int requests, CancellationToken cancel)
    {
        var (answers, failures) = await CurlManyAsync(client, ip, port, requests, cancel);
        var ok = failures.Count == 0 && answers.Count == requests && answers.All(a => exporters.Contains(a.Cluster));
        return new ServiceRequests(client.Cluster, client.Name, client.Ip, service, ip, port, exporters, requests, answers, failures, ok,
            answers.Count > 0 && answers.All(a => a.Client == client.Ip));
    }

    /// <summary>Namespace <paramref name="ns"/> and a `client` pod (curlimages/curl) in it.</summary>
    public static string Client(string ns) => $$$"""
        apiVersion: v1
        kind: Namespace
        metadata: {name: {{{ns}}}}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: client, namespace: {{{ns}}}}
        spec:
          containers: [{name: curl, image: curlimages/curl, command: [sleep, "3600"]}]

        """;
}
