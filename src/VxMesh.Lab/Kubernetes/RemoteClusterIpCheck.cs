using System.Net;
using VxMesh.Lab.Kubelet;
using VxMesh.Lab.Runtime;

namespace VxMesh.Lab.Kubernetes;

/// <summary>
/// The remote-ClusterIP half of `verify --services`: verify's own `web` Service (two nginx
/// replicas, ClusterIP) in every cluster, curled from the client pod of every other cluster. Its
/// own Service rather than a user's, so every cluster has one with ready endpoints whatever was
/// deployed; never kube-system's `kubernetes`, whose endpoints are API servers outside the pod
/// network. Which node translated a flow is read from the address nginx saw (kube-proxy
/// masquerades flows from outside its cluster CIDR to its node's address).
/// </summary>
public static class RemoteClusterIpCheck
{
    public const string Service = "web";

    /// <summary>With fewer flows a working two-member group hashes them all onto one member too often (2^(1-n)) to call that a failure.</summary>
    public const int MinFlowsForSpread = 16;

    private const int WarmupTries = 30;

    private static readonly TimeSpan RolloutTimeout = TimeSpan.FromMinutes(2);

    public static async Task<RemoteClusterIpRequests> RunAsync(LabState state, ServicesCheck.ClientPod client, string toCluster, string clusterIp, int port,
        int flows, CancellationToken cancel)
    {
        var members = await ServiceGroupRoute.MembersAsync(client.NodeNamespace, IPAddress.Parse(clusterIp), cancel);
        await AnswersAsync(client, clusterIp, port, cancel);
        var (answers, failures) = await ServicesCheck.CurlManyAsync(client, clusterIp, port, flows, cancel);
        var strays = answers.Where(a => a.Cluster != toCluster).Select(a => $"answered by {a.Cluster}/{a.Pod}, not a pod of {toCluster}");
        var translated = answers.GroupBy(a => NodeOf(state, toCluster, a.Client) ?? "?" + a.Client, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new RemoteClusterIpRequests(client.Cluster, client.Name, client.Ip, toCluster, $"{client.Record.Namespace}/{Service}", clusterIp, port, members,
            flows, answers.Count(a => a.Cluster == toCluster), translated,
            answers.Select(a => $"{a.Cluster}/{a.Pod}").Distinct().Order(StringComparer.Ordinal).ToList(),
            [.. failures, .. strays], members >= 2 && flows >= MinFlowsForSpread);
    }

    /// <summary>
    /// Until <paramref name="ip"/> answers the client once (bounded, 30 tries a second apart); whether it did. A Service is
    /// fresh here: until the kube-proxies on the way have its endpoints, a request may find none.
    /// </summary>
    public static async Task<bool> AnswersAsync(ServicesCheck.ClientPod client, string ip, int port, CancellationToken cancel)
    {
        for (var i = 0; i < WarmupTries; i++)
        {
            if ((await ServicesCheck.CurlManyAsync(client, ip, port, 1, cancel)).Answers.Count > 0)
            {
                return true;
            }
            await Task.Delay(TimeSpan.FromSeconds(1), cancel);
        }
        return false;
    }

    /// <summary>Until deployment `web` of <paramref name="ns"/> is rolled out (bounded); a LabException naming it otherwise.</summary>
    public static async Task RolledOutAsync(Kubectl kubectl, string cluster, string ns, CancellationToken cancel)
    {
        var rollout = await kubectl.RunAsync(cluster, ["-n", ns, "rollout", "status", $"deployment/{Service}", $"--timeout={RolloutTimeout.TotalSeconds}s"], cancel,
            timeout: RolloutTimeout + TimeSpan.FromSeconds(30));
        if (!rollout.Ok)
        {
            throw new LabException($"{cluster}: deployment {ns}/{Service} not ready: {rollout.Stderr.Trim()}");
        }
    }

    /// <summary>The ClusterIP of the `web` Service of <paramref name="ns"/> in <paramref name="cluster"/>.</summary>
    public static async Task<string> ClusterIpAsync(Kubectl kubectl, string cluster, string ns, CancellationToken cancel)
    {
        var svc = System.Text.Json.Nodes.JsonNode.Parse((await kubectl.RunCheckedAsync($"service {ns}/{Service} of {cluster}", cluster,
            ["-n", ns, "get", "service", Service, "-o", "json"], cancel)).Stdout)!;
        return (string?)svc["spec"]?["clusterIP"] ?? throw new LabException($"{cluster}: service {ns}/{Service} has no ClusterIP");
    }

    /// <summary>The node of <paramref name="cluster"/> an address belongs to: its own, its VXLAN device's, or one in its pod blocks (its bridge).</summary>
    public static string? NodeOf(LabState state, string cluster, string address) =>
        IPAddress.TryParse(address, out var ip)
            ? state.Nodes.FirstOrDefault(n => n.Cluster == cluster && (n.Ip.Equals(ip) || n.VxlanAddress.Equals(ip) || n.Blocks.Any(b => b.Contains(ip))))?.Name
            : null;

    /// <summary>The `web` Deployment (two nginx replicas) and its ClusterIP Service in <paramref name="ns"/>.</summary>
    public static string Web(string ns) => $$$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: {{{Service}}}, namespace: {{{ns}}}}
        spec:
          replicas: 2
          selector: {matchLabels: {app: vxmesh-verify-web}}
          template:
            metadata: {labels: {app: vxmesh-verify-web}}
            spec:
              containers:
              - name: nginx
                image: nginx:1.19
                ports: [{containerPort: 80}]
                readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 1}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: {{{Service}}}, namespace: {{{ns}}}}
        spec:
          selector: {app: vxmesh-verify-web}
          ports: [{name: http, port: 80, targetPort: 80}]

        """;
}
