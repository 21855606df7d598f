using System.Net;
using System.Text.Json.Nodes;
using VxMesh.Lab.Churn;
using VxMesh.Lab.Kubelet;
using VxMesh.Lab.Runtime;
using VxMesh.Lab.Tests.Support;
using Xunit.Abstractions;

namespace VxMesh.Lab.Tests.EndToEnd;

/// <summary>The seed lab with VxMesh installed (an etcd registry, so a node can leave the mesh with `lab node rm`).</summary>
public sealed class ServiceRangeSeedLab : KubernetesLabFixture
{
    protected override char Tag => 'r';

    protected override bool Install => true;
}

/// <summary>
/// Issue 9 part 1 in real clusters: a ClusterIP of cluster 2 curled from a pod of cluster 1 goes through
/// cluster 1's node's nexthop group of cluster 2's nodes, so over many flows more than one cluster-2 node's
/// kube-proxy translates it (counted as conntrack entries whose original destination is the ClusterIP, in
/// each node's namespace); after a cluster-2 node leaves the mesh, every new flow is translated by the
/// node that stays. The backend sees the translating node, not the client (kube-proxy masquerades flows
/// from outside its --cluster-cidr): asserted as such, see docs/services.md.
/// </summary>
[Collection(LabCollection.Name)]
public class RemoteServiceRangeTests(ServiceRangeSeedLab lab, ITestOutputHelper output) : IClassFixture<ServiceRangeSeedLab>
{
    private const string ClientCluster = "test-cluster1";
    private const string ServiceCluster = "test-cluster2";
    private const string Staying = "multicluster-test-003";
    private const string Leaving = "multicluster-test-004";
    private const string Ns = "t-ecmp";
    private const int Flows = 40;

    [Fact]
    public async Task RemoteClusterIp_FromAClusterOnePod_SpreadOverClusterTwosNodes_ThenNoNewFlowToARemovedNode()
    {
        // Backends only on the node that stays: flows translated by the leaving node are forwarded to them,
        // and removing it takes no endpoint away (what is measured is who translates, not who serves).
        await lab.ApplyAsync(ServiceCluster, Manifests.Namespace(Ns) + Deployment() + Manifests.Service(Ns, "web", "ClusterIP"));
        await lab.KubectlAsync(ServiceCluster, "-n", Ns, "rollout", "status", "deployment/web", "--timeout=140s");
        var clusterIp = (string)(await lab.KubectlJsonAsync(ServiceCluster, "-n", Ns, "get", "service", "web"))["spec"]!["clusterIP"]!;
        var client = await StartClientPodAsync();
        var clientNode = lab.Node(client.Node).Namespace;
        await KubernetesLabFixture.EventuallyAsync(async () => await CurlAsync(client, clusterIp) is not null, TimeSpan.FromSeconds(60),
            async () => $"no answer from {clusterIp}; routes of {client.Node}: {await RoutesAsync(clientNode)}");
        Assert.Equal(2, await Kernel.ServiceGroupSizeAsync(clientNode, clusterIp));

        var before = (Staying: await TranslatedAsync(Staying, clusterIp), Leaving: await TranslatedAsync(Leaving, clusterIp));
        var seen = await ManyFlowsAsync(client, clusterIp);
        var spread = (Staying: await TranslatedAsync(Staying, clusterIp) - before.Staying, Leaving: await TranslatedAsync(Leaving, clusterIp) - before.Leaving);

        output.WriteLine($"{Flows} flows to {clusterIp}: translated by {Staying} {spread.Staying}, by {Leaving} {spread.Leaving}; the backend saw {string.Join(", ", seen)}");
        Assert.True(spread.Staying > 0 && spread.Leaving > 0, $"{Flows} flows: {Staying} translated {spread.Staying}, {Leaving} {spread.Leaving}");
        Assert.True(spread.Staying + spread.Leaving >= Flows, $"{Flows} flows, {spread.Staying + spread.Leaving} translations");
        // kube-proxy masquerades a ClusterIP flow from outside its cluster CIDR: the backend sees a cluster-2 node, never the client.
        Assert.DoesNotContain(client.Ip!.ToString(), seen);
        var clusterTwo = lab.State.Nodes.Where(n => n.Cluster == ServiceCluster).SelectMany(n => n.Blocks).ToList();
        Assert.All(seen, ip => Assert.True(clusterTwo.Any(b => b.Contains(IPAddress.Parse(ip))) || lab.State.Nodes.Any(n => n.Cluster == ServiceCluster && n.Ip.ToString() == ip),
            $"the backend saw {ip}: neither a cluster-2 node nor one of its blocks"));

        await new LabNodeRemove(lab.Log).RunAsync(lab.Name, Leaving, crash: false, CancellationToken.None);
        await KubernetesLabFixture.EventuallyAsync(async () => await Kernel.ServiceGroupSizeAsync(clientNode, clusterIp) == 1, TimeSpan.FromSeconds(30),
            async () => $"{client.Node} still routes {clusterIp} through: {await RoutesAsync(clientNode)}");

        var stayingBefore = await TranslatedAsync(Staying, clusterIp);
        await ManyFlowsAsync(client, clusterIp);
        var after = await TranslatedAsync(Staying, clusterIp) - stayingBefore;
        output.WriteLine($"after {Leaving} left: {Flows} flows, translated by {Staying} {after}");
        Assert.Equal(Flows, after);
    }

    private static string Deployment() => $$$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: {{{Ns}}}}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              nodeSelector:
                kubernetes.io/hostname: {{{Staying}}}
              containers:
              - name: web
                image: nginx:1.19
                ports: [{containerPort: 80}]
                readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 1}
        ---

        """;

    private async Task<PodRecord> StartClientPodAsync()
    {
        await lab.ApplyAsync(ClientCluster, Manifests.Namespace(Ns) + $$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: client, namespace: {{Ns}}}
            spec:
              containers: [{name: curl, image: curlimages/curl, command: [sleep, "3600"]}]

            """);
        await lab.KubectlAsync(ClientCluster, "-n", Ns, "wait", "--for=condition=Ready", "pod/client", "--timeout=60s");
        return PodLookup.Find(LabPaths.For(lab.Name), $"{ClientCluster}/{Ns}/client", out var problem)
            ?? throw new Xunit.Sdk.XunitException($"client pod record: {problem}");
    }

    /// <summary>Sequential requests, each a new TCP connection from a new source port; every one must answer. Returns the client addresses the backend saw.</summary>
    private async Task<HashSet<string>> ManyFlowsAsync(PodRecord client, string clusterIp)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Flows; i++)
        {
            var body = await CurlAsync(client, clusterIp) ?? throw new Xunit.Sdk.XunitException($"request {i + 1} of {Flows} to {clusterIp} failed");
            seen.Add(body.Split("client=")[1].Trim());
        }
        return seen;
    }

    private async Task<string?> CurlAsync(PodRecord client, string ip)
    {
        var line = await PodLookup.EnterAsync(client, lab.Node(client.Node).Namespace, ["curl", "-s", "--max-time", "3", $"http://{ip}/"], CancellationToken.None);
        var result = await ProcessRunner.RunAsync(line[0], line.Skip(1).ToList(), TimeSpan.FromSeconds(10), CancellationToken.None);
        return result.Ok && result.Stdout.Contains("client=") ? result.Stdout.Trim() : null;
    }

    /// <summary>Conntrack entries in the node's namespace whose original destination is the ClusterIP: flows its kube-proxy translated.</summary>
    private async Task<int> TranslatedAsync(string node, string clusterIp)
    {
        var result = await ProcessRunner.RunAsync("ip", Netns.Exec(lab.Node(node).Namespace, "conntrack", "-L", "-p", "tcp", "--orig-dst", clusterIp), TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.True(result.Ok, $"conntrack -L in {node}: {result.Stderr}");
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
    }

    private static async Task<string> RoutesAsync(string nodeNamespace) =>
        await IpJsonAsync(nodeNamespace, "route", "show", "proto", "118") + " " + await IpJsonAsync(nodeNamespace, "nexthop", "show", "proto", "118");

    private static async Task<string> IpJsonAsync(string nodeNamespace, params string[] args)
    {
        var result = await ProcessRunner.RunAsync("ip", ["-n", nodeNamespace, "-j", .. args], TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.True(result.Ok, $"ip -n {nodeNamespace} -j {string.Join(' ', args)}: {result.Stderr}");
        return result.Stdout;
    }
}
