using System.Text.Json.Nodes;
using VxMesh.Lab.Kubelet;
using VxMesh.Lab.Runtime;

namespace VxMesh.Lab.Kubernetes;

/// <summary>One request of the check: a client pod of one cluster curling a pod of another by its pod IP.</summary>
/// <param name="Answer">nginx's line (pod=… node=… cluster=… client=…), or curl's failure.</param>
/// <param name="SourceKept">The answer's client= is the calling pod's own IP: no SNAT on the way.</param>
public sealed record CrossClusterRequest(
    string FromCluster, string FromPod, string FromIp, string ToCluster, string ToPod, string ToIp, string Answer, bool Ok, bool SourceKept);

/// <summary>
/// seeds/000's check the way a user runs it on Kubernetes: in every cluster of a Kubernetes lab a
/// `hello` Deployment (nginx, two replicas) and a `client` pod (curl), created with kubectl in
/// namespace vxmesh-demo; then every client curls every other cluster's hello pods by pod IP and
/// reads which address the server saw. Removes its namespace again.
/// </summary>
public static class CrossClusterCheck
{
    public const string Namespace = "vxmesh-demo";
    private static readonly TimeSpan RolloutTimeout = TimeSpan.FromMinutes(3);

    public static async Task<IReadOnlyList<CrossClusterRequest>> RunAsync(LabState state, ILabLog log, CancellationToken cancel)
    {
        var kubectl = Kubectl.For(state);
        var clusters = state.Kubernetes!.Clusters.Select(c => c.Name).ToList();
        try
        {
            foreach (var cluster in clusters)
            {
                await kubectl.ApplyAsync($"the demo's workloads in {cluster}", cluster, Workloads, cancel);
            }
            foreach (var cluster in clusters)
            {
                log.Step($"{cluster}: waiting for deployment/hello and pod/client");
                await WaitAsync(kubectl, cluster, ["rollout", "status", "deployment/hello", $"--timeout={RolloutTimeout.TotalSeconds}s"], cancel);
                await WaitAsync(kubectl, cluster, ["wait", "--for=condition=Ready", "pod/client", $"--timeout={RolloutTimeout.TotalSeconds}s"], cancel);
            }
            var pods = new Dictionary<string, List<(string Name, string Ip)>>();
            foreach (var cluster in clusters)
            {
                var list = await kubectl.RunCheckedAsync($"pods of {cluster}", cluster, ["-n", Namespace, "get", "pods", "-o", "json"], cancel);
                pods[cluster] = (JsonNode.Parse(list.Stdout)?["items"]?.AsArray() ?? [])
                    .Where(p => p?["metadata"]?["deletionTimestamp"] is null && (string?)p?["status"]?["podIP"] is { Length: > 0 })
                    .Select(p => ((string)p!["metadata"]!["name"]!, (string)p["status"]!["podIP"]!)).OrderBy(p => p.Item1, StringComparer.Ordinal).ToList();
            }
            var requests = new List<CrossClusterRequest>();
            foreach (var from in clusters)
            {
                var client = pods[from].Single(p => p.Name == "client");
                var record = PodLookup.Find(LabPaths.For(state.Lab), $"{from}/{Namespace}/client", out var problem)
                    ?? throw new LabException($"pod {from}/{Namespace}/client has no lab record: {problem ?? "not found"}");
                var node = state.Nodes.Single(n => n.Name == record.Node);
                foreach (var to in clusters.Where(c => c != from))
                {
                    foreach (var target in pods[to].Where(p => p.Name.StartsWith("hello-", StringComparison.Ordinal)))
                    {
                        var line = await PodLookup.EnterAsync(record, node.Namespace, ["curl", "-s", "--max-time", "3", $"http://{target.Ip}/"], cancel);
                        var result = await ProcessRunner.RunAsync(line[0], line.Skip(1).ToList(), Timeouts.Command, cancel);
                        var answer = result.Ok ? result.Stdout.Trim() : $"curl exit {result.ExitCode} {result.Stderr.Trim()}";
                        var ok = result.Ok && answer.StartsWith($"pod={target.Name} ", StringComparison.Ordinal);
                        requests.Add(new CrossClusterRequest(from, client.Name, client.Ip, to, target.Name, target.Ip, answer, ok,
                            ok && answer.EndsWith($" client={client.Ip}", StringComparison.Ordinal)));
                    }
                }
            }
            return requests;
        }
        finally
        {
            foreach (var cluster in clusters)
            {
                await kubectl.RunAsync(cluster, ["delete", "namespace", Namespace, "--ignore-not-found", "--wait=false"], CancellationToken.None);
            }
        }
    }

    private static async Task WaitAsync(Kubectl kubectl, string cluster, IReadOnlyList<string> args, CancellationToken cancel)
    {
        var result = await kubectl.RunAsync(cluster, ["-n", Namespace, .. args], cancel, timeout: RolloutTimeout + TimeSpan.FromSeconds(30));
        if (!result.Ok)
        {
            throw new LabException($"{cluster}: kubectl {string.Join(' ', args)}: {result.Stderr.Trim()} {result.Stdout.Trim()}");
        }
    }

    private const string Workloads = $$$"""
        apiVersion: v1
        kind: Namespace
        metadata: {name: {{{Namespace}}}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: hello, namespace: {{{Namespace}}}}
        spec:
          replicas: 2
          selector: {matchLabels: {app: hello}}
          template:
            metadata: {labels: {app: hello}}
            spec:
              containers:
                - name: nginx
                  image: nginx:1.19
                  ports: [{containerPort: 80}]
                  readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 2}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: client, namespace: {{{Namespace}}}}
        spec:
          containers: [{name: curl, image: curlimages/curl, command: [sleep, "3600"]}]

        """;
}
