using System.Text.Json.Nodes;
using VxMesh.Lab.Churn;
using VxMesh.Lab.Kubernetes;
using VxMesh.Lab.Runtime;
using VxMesh.Lab.Tests.Support;
using VxMesh.Lab.Verify;

namespace VxMesh.Lab.Tests.EndToEnd;

public sealed class InstalledSeedLab : KubernetesLabFixture
{
    protected override char Tag => 'i';

    protected override bool Install => true;
}

/// <summary>
/// VxMesh installed into the seed Kubernetes lab the way a user installs it (deploy/ applied with
/// kubectl; the lab's own agents are not started): the DaemonSet's agents learn everything from the
/// API, the controller keeps the IPPools. Checked through the API server and with real packets.
/// </summary>
[Collection(LabCollection.Name)]
public class KubernetesInstallTests(InstalledSeedLab lab) : IClassFixture<InstalledSeedLab>
{
    private const string Cluster = "test-cluster1";
    private const string Agent = "system:serviceaccount:vxmesh-system:vxmesh-agent";
    private const string Controller = "system:serviceaccount:vxmesh-system:vxmesh-controller";
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Manifests_PassServerSideDryRun()
    {
        var manifests = Path.Combine(TestEnvironment.RepoRoot, "deploy", "manifests");
        foreach (var cluster in lab.Kubernetes.Clusters)
        {
            foreach (var file in Directory.GetFiles(manifests, "*.yaml").Order(StringComparer.Ordinal))
            {
                var result = await lab.Kubectl.RunAsync(cluster.Name, ["apply", "--dry-run=server", "-f", "-"], CancellationToken.None, await File.ReadAllTextAsync(file));
                Assert.True(result.Ok, $"{Path.GetFileName(file)} in {cluster.Name}: {result.Stderr}");
            }
        }
    }

    [Fact]
    public async Task Verify_AllPairsConnect_WithTheirSourceIp_ThroughTheInstalledAgents()
    {
        var report = await Verifier.RunAsync(lab.State, CancellationToken.None);

        Assert.True(report.Ok, string.Join("\n", report.Pairs.Where(p => !p.Ok || !p.SourcePreserved).Select(p => $"{p.From} -> {p.To}: {p.ClientSeen} {p.Error}")));
        Assert.True(report.Pairs.Count >= 30);
        var agents = (await lab.KubectlJsonAsync(Cluster, "-n", "vxmesh-system", "get", "pods", "-l", "app.kubernetes.io/component=agent"))["items"]!.AsArray();
        Assert.Equal(lab.State.Nodes.Count(n => n.Cluster == Cluster), agents.Count);
        Assert.All(agents, p => Assert.Equal("Running", (string)p!["status"]!["phase"]!));
    }

    [Fact]
    public async Task DemoCheck_DeploymentsOfEveryCluster_ReachEachOtherByPodIp_WithTheCallersOwnIp()
    {
        var requests = await CrossClusterCheck.RunAsync(lab.State, lab.Log, CancellationToken.None);

        // 3 clusters: each client calls the 2 hello pods of each of the 2 other clusters.
        Assert.Equal(12, requests.Count);
        Assert.All(requests, r => Assert.True(r.Ok && r.SourceKept, $"{r.FromCluster}/{r.FromPod} -> {r.ToCluster}/{r.ToPod} {r.ToIp}: {r.Answer}"));
        Assert.Equal(3, requests.Select(r => r.FromIp).Distinct().Count());
    }

    [Fact]
    public async Task Controller_KeepsTheOtherClustersPools_AndNeverTouchesAForeignOne()
    {
        await KubernetesLabFixture.EventuallyAsync(async () => (await OurPoolsAsync()).Count == 4, Settle, async () => string.Join(", ", await OurPoolsAsync()));
        var pools = await OurPoolsAsync();
        Assert.Equal(["pod-test-cluster2", "pod-test-cluster3", "svc-test-cluster2", "svc-test-cluster3"], pools.Order(StringComparer.Ordinal));
        var pod2 = await lab.KubectlJsonAsync(Cluster, "get", "ippool", "pod-test-cluster2");
        Assert.Equal("198.19.64.0/18", (string)pod2["spec"]!["cidr"]!);
        Assert.False((bool)pod2["spec"]!["natOutgoing"]!);
        Assert.True((bool)pod2["spec"]!["disabled"]!);

        await lab.ApplyAsync(Cluster, "apiVersion: crd.projectcalico.org/v1\nkind: IPPool\nmetadata: {name: foreign}\nspec: {cidr: 203.0.113.0/24, natOutgoing: true}\n");
        await lab.KubectlAsync(Cluster, "delete", "ippool", "pod-test-cluster2");
        await KubernetesLabFixture.EventuallyAsync(async () => (await OurPoolsAsync()).Contains("pod-test-cluster2"), Settle, async () => string.Join(", ", await OurPoolsAsync()));
        var foreign = await lab.KubectlJsonAsync(Cluster, "get", "ippool", "foreign");
        Assert.Equal("203.0.113.0/24", (string)foreign["spec"]!["cidr"]!);
        Assert.True((bool)foreign["spec"]!["natOutgoing"]!);
        Assert.Null(foreign["metadata"]!["labels"]);
        await lab.KubectlAsync(Cluster, "delete", "ippool", "foreign");
    }

    [Fact]
    public async Task Controller_ServesProbesAndMetrics_ReadyAsTheLeaderThatPassed()
    {
        var pod = (await lab.KubectlJsonAsync(Cluster, "-n", "vxmesh-system", "get", "pods", "-l", "app.kubernetes.io/component=controller"))["items"]!.AsArray().Single()!;
        var node = lab.Node((string)pod["spec"]!["nodeName"]!).Namespace;
        var url = $"http://{(string)pod["status"]!["podIP"]!}:9891";

        // The kubelet's readinessProbe on /readyz made the pod Ready; the endpoint says why.
        Assert.Contains(pod["status"]!["conditions"]!.AsArray(), c => (string)c!["type"]! == "Ready" && (string)c["status"]! == "True");
        var ready = JsonNode.Parse(await KubernetesLabFixture.CurlAsync(node, url + "/readyz") ?? "null")!;
        Assert.True((bool)ready["ok"]!);
        Assert.Equal("leader", (string)ready["role"]!);
        Assert.Equal((string)pod["metadata"]!["name"]!, (string)ready["leader"]!);
        Assert.NotNull((string?)ready["converged"]);

        Dictionary<string, double> metrics = [];
        await KubernetesLabFixture.EventuallyAsync(async () =>
        {
            // CurlAsync trims the body; the format ends every line, the last one too.
            metrics = VxMesh.Tests.Shared.ExpositionParser.Parse((await KubernetesLabFixture.CurlAsync(node, url + "/metrics") ?? "") + "\n");
            return metrics.GetValueOrDefault("vxmesh_controller_remote_cluster_nodes{cluster=\"test-cluster2\"}") == 2
                && metrics.GetValueOrDefault("vxmesh_controller_remote_cluster_nodes{cluster=\"test-cluster3\"}") == 2;
        }, Settle, () => Task.FromResult(string.Join("\n", metrics.Where(m => m.Key.StartsWith("vxmesh_controller_", StringComparison.Ordinal)).Select(m => $"{m.Key} {m.Value}"))));
        Assert.Equal(1, metrics["vxmesh_controller_leader"]);
        Assert.Equal(1, metrics["vxmesh_controller_registry_connected"]);
        Assert.True(metrics["vxmesh_controller_passes_total{loop=\"pools\",outcome=\"ok\"}"] >= 1);
        Assert.True(metrics["vxmesh_controller_passes_total{loop=\"services\",outcome=\"ok\"}"] >= 1);
        Assert.True(metrics["vxmesh_controller_registry_full_loads_total"] >= 1);
        var unknown = await ProcessRunner.RunAsync("ip", Netns.Exec(node, "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", url + "/nothing"),
            TimeSpan.FromSeconds(8), CancellationToken.None);
        Assert.Equal("404", unknown.Stdout.Trim());
    }

    [Fact]
    public async Task Rbac_TheAgentCannotWriteIpPools_TheControllerCan()
    {
        foreach (var verb in new[] { "create", "delete", "patch" })
        {
            Assert.Equal("no", await CanIAsync(verb, "ippools.crd.projectcalico.org", Agent));
            Assert.Equal("yes", await CanIAsync(verb, "ippools.crd.projectcalico.org", Controller));
        }
        Assert.Equal("yes", await CanIAsync("patch", "nodes", Agent));
        Assert.Equal("no", await CanIAsync("create", "pods", Agent));
        Assert.Equal("no", await CanIAsync("get", "secrets", Controller));
    }

    [Fact]
    public async Task RemoteClusters_AndNodeAnnotations_DescribeTheMesh()
    {
        await KubernetesLabFixture.EventuallyAsync(async () => (await lab.KubectlJsonAsync(Cluster, "get", "remoteclusters"))["items"]!.AsArray()
                .All(r => (int?)r!["status"]?["nodeCount"] == 2),
            Settle, async () => await lab.KubectlAsync(Cluster, "get", "remoteclusters"));
        var remote = (await lab.KubectlJsonAsync(Cluster, "get", "remoteclusters"))["items"]!.AsArray();
        Assert.Equal(["test-cluster2", "test-cluster3"], remote.Select(r => (string)r!["metadata"]!["name"]!).Order());
        var cluster2 = remote.Single(r => (string)r!["metadata"]!["name"]! == "test-cluster2")!;
        Assert.Equal(["198.19.113.0/24", "198.19.88.0/24"],
            cluster2["status"]!["nodes"]!.AsArray().SelectMany(n => n!["blocks"]!.AsArray().Select(b => (string)b!)).Order());
        var node = await lab.KubectlJsonAsync(Cluster, "get", "node", "multicluster-test-001");
        Assert.Equal("198.18.1.21", (string)node["metadata"]!["annotations"]!["vxmesh.io/public-ip"]!);
        Assert.Matches("^([0-9a-f]{2}:){5}[0-9a-f]{2}$", (string)node["metadata"]!["annotations"]!["vxmesh.io/vtep-mac"]!);
    }

    [Fact]
    public async Task DeletingAnAgentPod_LosesNoPingBetweenPodsOfOtherNodes_AndTheDaemonSetBringsItBack()
    {
        var from = lab.State.Pods.Single(p => p.Node == "multicluster-test-003");
        var to = lab.State.Pods.Single(p => p.Node == "multicluster-test-005");
        var agent = (await lab.KubectlJsonAsync(Cluster, "-n", "vxmesh-system", "get", "pods", "-l", "app.kubernetes.io/component=agent",
            "--field-selector", "spec.nodeName=multicluster-test-001"))["items"]!.AsArray().Single()!;
        var name = (string)agent["metadata"]!["name"]!;

        var ping = Ping.RunAsync(from.Namespace, to.Ip.ToString(), 1500, TimeSpan.FromSeconds(40));
        await Task.Delay(TimeSpan.FromSeconds(2));
        await lab.KubectlAsync(Cluster, "-n", "vxmesh-system", "delete", "pod", name, "--wait=true", "--timeout=60s");
        await KubernetesLabFixture.EventuallyAsync(async () => await ReadyAgentOnAsync("multicluster-test-001"), Settle,
            async () => await lab.KubectlAsync(Cluster, "-n", "vxmesh-system", "get", "pods", "-o", "wide"));
        var outcome = await ping;

        Assert.Equal(1500, outcome.Transmitted);
        Assert.Equal(0, outcome.Lost);
        var report = await Verifier.RunAsync(lab.State, CancellationToken.None);
        Assert.True(report.Ok, "verify after the agent came back");
    }

    [Fact]
    public async Task AddedNode_ReachesEveryPeer_WithNoFlagTyped()
    {
        var report = await new LabNodeAdd(TestEnvironment.Agent, lab.Log).RunAsync(lab.Name,
            new NodeRequest("multicluster-test-007", Cluster, "198.18.1.41", ["198.19.60.0/24"], null), CancellationToken.None);
        var state = LabState.Load(LabPaths.For(lab.Name))!;
        try
        {
            Assert.NotNull(report.PeersConvergedAt);
            var agents = (await lab.KubectlJsonAsync(Cluster, "-n", "vxmesh-system", "get", "pods", "--field-selector", "spec.nodeName=multicluster-test-007"))["items"]!.AsArray();
            Assert.Single(agents);
            var verify = await Verifier.RunAsync(state, CancellationToken.None);
            Assert.True(verify.Ok, string.Join("\n", verify.Pairs.Where(p => !p.Ok).Select(p => $"{p.From} -> {p.To}: {p.Error}")));
            Assert.Contains(verify.Pairs, p => p.From == "multicluster-test-007-pod1");
        }
        finally
        {
            await new LabNodeRemove(lab.Log).RunAsync(lab.Name, "multicluster-test-007", crash: false, CancellationToken.None);
        }
    }

    private async Task<List<string>> OurPoolsAsync() =>
        (await lab.KubectlJsonAsync(Cluster, "get", "ippools", "-l", "app.kubernetes.io/managed-by=vxmesh"))["items"]!.AsArray()
            .Select(p => (string)p!["metadata"]!["name"]!).ToList();

    private async Task<string> CanIAsync(string verb, string resource, string user)
    {
        var result = await lab.Kubectl.RunAsync(Cluster, ["auth", "can-i", verb, resource, "--as", user], CancellationToken.None);
        return result.Stdout.Trim();
    }

    private async Task<bool> ReadyAgentOnAsync(string node) =>
        (await lab.KubectlJsonAsync(Cluster, "-n", "vxmesh-system", "get", "pods", "-l", "app.kubernetes.io/component=agent", "--field-selector", $"spec.nodeName={node}"))["items"]!
            .AsArray().Any(p => p!["metadata"]!["deletionTimestamp"] is null
                && p["status"]!["conditions"]?.AsArray().Any(c => (string)c!["type"]! == "Ready" && (string)c["status"]! == "True") == true);
}
