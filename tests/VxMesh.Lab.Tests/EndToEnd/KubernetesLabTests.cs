using System.Text.Json.Nodes;
using VxMesh.Lab.Kubelet;
using VxMesh.Lab.Kubernetes;
using VxMesh.Lab.Runtime;
using VxMesh.Lab.Tests.Support;

namespace VxMesh.Lab.Tests.EndToEnd;

public sealed class KubernetesSeedLab : KubernetesLabFixture
{
    protected override char Tag => 'k';
}

/// <summary>
/// The articles' Kubernetes, for real: seeds/000's clusters with real control planes, seeds/002's
/// NodePort with hostPath pages, seeds/003's Deployment rolled forward and back, scaled, gated by
/// readiness, with session affinity. Every check goes through the API server (kubectl) or real
/// packets (curl from pods, nodes and a client on the underlay). Each test uses its own namespace.
/// </summary>
[Collection(LabCollection.Name)]
public class KubernetesLabTests(KubernetesSeedLab lab) : IClassFixture<KubernetesSeedLab>
{
    private const string Cluster = "test-cluster1";
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Nodes_AreReadyWithTheirBlocks_AndCalicoBlockAffinities()
    {
        foreach (var cluster in lab.Kubernetes.Clusters)
        {
            var nodes = (await lab.KubectlJsonAsync(cluster.Name, "get", "nodes"))["items"]!.AsArray();
            var expected = lab.State.Nodes.Where(n => n.Cluster == cluster.Name).ToList();
            Assert.Equal(expected.Select(n => n.Name).Order(), nodes.Select(n => (string)n!["metadata"]!["name"]!).Order());
            foreach (var node in expected)
            {
                var item = nodes.Single(n => (string)n!["metadata"]!["name"]! == node.Name)!;
                Assert.Equal(node.Blocks[0].ToString(), (string)item["spec"]!["podCIDR"]!);
                Assert.Equal("True", (string)item["status"]!["conditions"]!.AsArray().Single(c => (string)c!["type"]! == "Ready")!["status"]!);
                Assert.Equal(node.Ip.ToString(), (string)item["status"]!["addresses"]!.AsArray().Single(a => (string)a!["type"]! == "InternalIP")!["address"]!);
            }
            var affinities = (await lab.KubectlJsonAsync(cluster.Name, "get", "blockaffinities"))["items"]!.AsArray();
            Assert.Equal(expected.SelectMany(n => n.Blocks.Select(b => (n.Name, b.ToString()))).Order(),
                affinities.Select(a => ((string)a!["spec"]!["node"]!, (string)a["spec"]!["cidr"]!)).Order());
            Assert.All(affinities, a => Assert.Equal("confirmed", (string)a!["spec"]!["state"]!));
        }
        var wide = await lab.KubectlAsync(Cluster, "get", "nodes", "-o", "wide");
        Assert.Contains("multicluster-test-001", wide);
        Assert.Contains("198.18.1.21", wide);
    }

    [Fact]
    public async Task Deployment_ReachesThreeReady_AndAClusterIpAnswersFromPodsAndNodes()
    {
        const string ns = "t-deploy";
        await lab.ApplyAsync(Cluster, Manifests.Namespace(ns) + Manifests.Web(ns, "nginx:1.19", replicas: 3) + Manifests.Service(ns, "web", "ClusterIP"));
        await lab.KubectlAsync(Cluster, "-n", ns, "rollout", "status", "deployment/web", "--timeout=140s");

        var deployment = await lab.KubectlJsonAsync(Cluster, "-n", ns, "get", "deployment", "web");
        Assert.Equal(3, (int)deployment["status"]!["readyReplicas"]!);
        var ip = (string)(await lab.KubectlJsonAsync(Cluster, "-n", ns, "get", "service", "web"))["spec"]!["clusterIP"]!;
        var pods = await PodsAsync(ns);
        Assert.Equal(3, pods.Count);
        var client = await StartClientPodAsync(ns);
        var fromPod = await FirstAnswerFromPodAsync(client, $"http://{ip}/");
        Assert.StartsWith("pod=web-", fromPod);
        // Each node's kube-proxy programs the Service on its own sync, not when the client pod's did: wait for this one's (bounded).
        string? fromNode = null;
        await KubernetesLabFixture.EventuallyAsync(async () => (fromNode = await KubernetesLabFixture.CurlAsync(lab.Node("multicluster-test-002").Namespace, $"http://{ip}/")) is not null,
            TimeSpan.FromSeconds(30), async () => await lab.KubectlAsync(Cluster, "-n", ns, "get", "endpoints", "web", "-o", "wide"));
        Assert.NotNull(fromNode);
        Assert.StartsWith("pod=web-", fromNode);
        // A pod's own address answers directly too, with the client's address kept inside the cluster.
        var target = pods[0];
        var direct = await CurlFromPodAsync(client, $"http://{target.Ip}/");
        Assert.Equal($"pod={target.Name} node={target.Node} cluster={Cluster} client={client.Ip}", direct);
    }

    [Fact]
    public async Task NodePort30000_AnswersOnEveryNode_FromTheUnderlay_WithMoreThanOneBackend()
    {
        const string ns = "t-nodeport";
        // seeds/002: nginx pods serving a hostPath page; each node's /data says which node it is.
        foreach (var node in lab.State.Nodes.Where(n => n.Cluster == Cluster))
        {
            var page = Path.Combine(new KubernetesPaths(LabPaths.For(lab.Name)).HostPathRoot(node.Name), "data", "index.html");
            Directory.CreateDirectory(Path.GetDirectoryName(page)!);
            await File.WriteAllTextAsync(page, $"page of {node.Name}\n");
        }
        await lab.ApplyAsync(Cluster, Manifests.Namespace(ns) + Manifests.Web(ns, "nginx", replicas: 2, hostPathPage: true, spread: true) +
            Manifests.Service(ns, "web", "NodePort", nodePort: 30000));
        await lab.KubectlAsync(Cluster, "-n", ns, "rollout", "status", "deployment/web", "--timeout=140s");

        // kube-proxy programs a service shortly after its endpoints change (its sync is rate-limited to one a second).
        await EndpointsProgrammedAsync(ns, 2, lab.State.Nodes.Where(n => n.Cluster == Cluster).Select(n => $"http://{n.Ip}:30000/"));
        var answers = new HashSet<string>();
        foreach (var node in lab.State.Nodes.Where(n => n.Cluster == Cluster))
        {
            for (var i = 0; i < 12; i++)
            {
                var answer = await KubernetesLabFixture.CurlAsync(lab.Kubernetes.ClientNamespace, $"http://{node.Ip}:30000/");
                Assert.NotNull(answer);
                Assert.StartsWith("page of ", answer);
                answers.Add(answer);
            }
        }
        Assert.True(answers.Count > 1, $"only one backend answered: {string.Join(", ", answers)}");
    }

    [Fact]
    public async Task RollingUpdate_AndUndo_LoseNoRequest()
    {
        const string ns = "t-roll";
        await lab.ApplyAsync(Cluster, Manifests.Namespace(ns) + Manifests.Web(ns, "nginx:1.19", replicas: 3, preStopSeconds: 3) +
            Manifests.Service(ns, "web", "NodePort", nodePort: 30080));
        await lab.KubectlAsync(Cluster, "-n", ns, "rollout", "status", "deployment/web", "--timeout=140s");
        var target = $"http://{lab.Node("multicluster-test-001").Ip}:30080/";
        await EndpointsProgrammedAsync(ns, 3, [target]);
        var before = (await PodsAsync(ns)).Select(p => p.Name).ToHashSet();

        using var stop = new CancellationTokenSource();
        var loop = ClientLoopAsync(lab.Kubernetes.ClientNamespace, target, stop.Token);
        await lab.KubectlAsync(Cluster, "-n", ns, "set", "image", "deployment/web", "web=nginx:1.20");
        await lab.KubectlAsync(Cluster, "-n", ns, "rollout", "status", "deployment/web", "--timeout=120s");
        var image = (string)(await lab.KubectlJsonAsync(Cluster, "-n", ns, "get", "deployment", "web"))["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!;
        var rolled = (await PodsAsync(ns)).Select(p => p.Name).ToHashSet();
        await lab.KubectlAsync(Cluster, "-n", ns, "rollout", "undo", "deployment/web");
        await lab.KubectlAsync(Cluster, "-n", ns, "rollout", "status", "deployment/web", "--timeout=120s");
        var undone = (string)(await lab.KubectlJsonAsync(Cluster, "-n", ns, "get", "deployment", "web"))["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!;
        await stop.CancelAsync();
        var (ok, failed) = await loop;

        Assert.Equal("nginx:1.20", image);
        Assert.Empty(before.Intersect(rolled));
        Assert.Equal("nginx:1.19", undone);
        Assert.True(ok > 50, $"only {ok} requests ran");
        Assert.Equal(0, failed);
    }

    [Fact]
    public async Task FailingReadiness_TakesThePodOutOfTheEndpointSlice_AndTrafficStopsReachingIt()
    {
        const string ns = "t-ready";
        await lab.ApplyAsync(Cluster, Manifests.Namespace(ns) + Manifests.Web(ns, "nginx", replicas: 2, readinessFile: true) + Manifests.Service(ns, "web", "ClusterIP"));
        await lab.KubectlAsync(Cluster, "-n", ns, "rollout", "status", "deployment/web", "--timeout=140s");
        var pods = await PodsAsync(ns);
        var sick = pods[0];
        var record = PodLookup.Find(LabPaths.For(lab.Name), $"{Cluster}/{ns}/{sick.Name}", out _)!;
        var exit = await LabExec.RunLineAsync(await PodLookup.EnterAsync(record, lab.Node(record.Node).Namespace,
            ["rm", "/usr/share/nginx/html/ready.html"], CancellationToken.None), sick.Name, TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.Equal(0, exit);

        await KubernetesLabFixture.EventuallyAsync(async () => (await ReadyEndpointsAsync(ns)).SetEquals([pods[1].Ip]), Settle,
            async () => $"ready endpoints {string.Join(", ", await ReadyEndpointsAsync(ns))}");
        var ip = (string)(await lab.KubectlJsonAsync(Cluster, "-n", ns, "get", "service", "web"))["spec"]!["clusterIP"]!;
        await Task.Delay(TimeSpan.FromSeconds(2)); // kube-proxy's sync follows the EndpointSlice
        for (var i = 0; i < 15; i++)
        {
            var answer = await KubernetesLabFixture.CurlAsync(lab.Node("multicluster-test-001").Namespace, $"http://{ip}/ready.html");
            Assert.Equal($"ready {pods[1].Name}", answer);
        }
        var ready = (await lab.KubectlJsonAsync(Cluster, "-n", ns, "get", "pod", sick.Name))["status"]!["conditions"]!.AsArray()
            .Single(c => (string)c!["type"]! == "Ready")!;
        Assert.Equal("False", (string)ready["status"]!);
    }

    [Fact]
    public async Task Scale_UpAndDown_RunsAndRemovesPods()
    {
        const string ns = "t-scale";
        await lab.ApplyAsync(Cluster, Manifests.Namespace(ns) + Manifests.Web(ns, "nginx", replicas: 1));
        await lab.KubectlAsync(Cluster, "-n", ns, "rollout", "status", "deployment/web", "--timeout=140s");
        await lab.KubectlAsync(Cluster, "-n", ns, "scale", "deployment/web", "--replicas=4");
        await lab.KubectlAsync(Cluster, "-n", ns, "rollout", "status", "deployment/web", "--timeout=140s");
        var four = await PodsAsync(ns);
        await lab.KubectlAsync(Cluster, "-n", ns, "scale", "deployment/web", "--replicas=1");

        await KubernetesLabFixture.EventuallyAsync(async () => (await PodNamesAsync(ns)).Count == 1, Settle,
            async () => $"pods {string.Join(", ", await PodNamesAsync(ns))}");
        Assert.Equal(4, four.Count);
        Assert.All(four, p => Assert.NotNull(p.Ip));
        var left = (await PodNamesAsync(ns)).Single();
        // The removed pods' namespaces went with them: only the one left has a record and a namespace.
        var records = PodRecord.All(LabPaths.For(lab.Name).Directory).Where(r => r.Namespace == ns).ToList();
        Assert.Equal([left], records.Select(r => r.Name));
        Assert.All(four.Where(p => p.Name != left), p => Assert.DoesNotContain(PodSandbox.NamespaceOf(lab.Name, p.Uid), Netns.List()));
    }

    [Fact]
    public async Task SessionAffinityClientIp_PinsAClientToOneBackend()
    {
        const string ns = "t-affinity";
        await lab.ApplyAsync(Cluster, Manifests.Namespace(ns) + Manifests.Web(ns, "nginx", replicas: 3) +
            Manifests.Service(ns, "web", "ClusterIP", affinity: true));
        await lab.KubectlAsync(Cluster, "-n", ns, "rollout", "status", "deployment/web", "--timeout=140s");
        var ip = (string)(await lab.KubectlJsonAsync(Cluster, "-n", ns, "get", "service", "web"))["spec"]!["clusterIP"]!;
        var client = await StartClientPodAsync(ns);

        var backends = new HashSet<string> { (await FirstAnswerFromPodAsync(client, $"http://{ip}/")).Split(' ')[0] };
        for (var i = 0; i < 20; i++)
        {
            var answer = await CurlFromPodAsync(client, $"http://{ip}/");
            backends.Add(answer.Split(' ')[0]);
        }
        Assert.Single(backends);
    }

    [Fact]
    public async Task UnsupportedField_GetsAWarningEventAndAStatusReason()
    {
        const string ns = "t-unsupported";
        await lab.ApplyAsync(Cluster, Manifests.Namespace(ns) + $$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: with-init, namespace: {{ns}}}
            spec:
              initContainers: [{name: init, image: busybox, command: [sh, -c, "true"]}]
              containers: [{name: web, image: nginx}]

            """);

        await KubernetesLabFixture.EventuallyAsync(async () =>
                (await lab.KubectlJsonAsync(Cluster, "-n", ns, "get", "events"))["items"]!.AsArray().Any(e => (string)e!["reason"]! == "Unsupported"),
            Settle, async () => await lab.KubectlAsync(Cluster, "-n", ns, "get", "events"));
        var events = (await lab.KubectlJsonAsync(Cluster, "-n", ns, "get", "events"))["items"]!.AsArray();
        var warning = events.First(e => (string)e!["reason"]! == "Unsupported")!;
        Assert.Equal("Warning", (string)warning["type"]!);
        Assert.Contains("spec.initContainers", (string)warning["message"]!);
        var status = (await lab.KubectlJsonAsync(Cluster, "-n", ns, "get", "pod", "with-init"))["status"]!;
        Assert.Equal("Pending", (string)status["phase"]!);
        Assert.Equal("Unsupported", (string)status["reason"]!);
        Assert.Contains("spec.initContainers", (string)status["message"]!);
    }

    /// <summary>Until the service has <paramref name="ready"/> ready endpoints and every URL answers from the client namespace.</summary>
    private async Task EndpointsProgrammedAsync(string ns, int ready, IEnumerable<string> urls)
    {
        var targets = urls.ToList();
        await KubernetesLabFixture.EventuallyAsync(async () =>
        {
            if ((await ReadyEndpointsAsync(ns)).Count < ready)
            {
                return false;
            }
            foreach (var url in targets)
            {
                if (await KubernetesLabFixture.CurlAsync(lab.Kubernetes.ClientNamespace, url) is null)
                {
                    return false;
                }
            }
            return true;
        }, Settle, async () => $"ready endpoints {string.Join(", ", await ReadyEndpointsAsync(ns))}");
        await Task.Delay(TimeSpan.FromSeconds(1));
    }

    private sealed record PodInfo(string Name, string Uid, string Node, string? Ip);

    private async Task<List<PodInfo>> PodsAsync(string ns) =>
        (await lab.KubectlJsonAsync(Cluster, "-n", ns, "get", "pods", "-l", "app=web"))["items"]!.AsArray()
            .Where(p => p!["metadata"]!["deletionTimestamp"] is null)
            .Select(p => new PodInfo((string)p!["metadata"]!["name"]!, (string)p["metadata"]!["uid"]!, (string)p["spec"]!["nodeName"]!,
                (string?)p["status"]!["podIP"])).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();

    private async Task<List<string>> PodNamesAsync(string ns) =>
        (await lab.KubectlJsonAsync(Cluster, "-n", ns, "get", "pods", "-l", "app=web"))["items"]!.AsArray()
            .Select(p => (string)p!["metadata"]!["name"]!).ToList();

    private async Task<HashSet<string?>> ReadyEndpointsAsync(string ns) =>
        (await lab.KubectlJsonAsync(Cluster, "-n", ns, "get", "endpointslices", "-l", "kubernetes.io/service-name=web"))["items"]!.AsArray()
            .SelectMany(s => s!["endpoints"]?.AsArray() ?? [])
            .Where(e => e!["conditions"]?["ready"]?.GetValue<bool>() == true)
            .SelectMany(e => e!["addresses"]!.AsArray().Select(a => (string?)a)).ToHashSet();

    private sealed record ClientPod(string Name, string Ip, PodRecord Record);

    /// <summary>A curl pod (curlimages/curl running sleep) to send requests from inside the cluster.</summary>
    private async Task<ClientPod> StartClientPodAsync(string ns)
    {
        await lab.ApplyAsync(Cluster, $$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: client, namespace: {{ns}}}
            spec:
              containers: [{name: curl, image: curlimages/curl, command: [sleep, "3600"]}]

            """);
        await lab.KubectlAsync(Cluster, "-n", ns, "wait", "--for=condition=Ready", "pod/client", "--timeout=60s");
        var ip = (string)(await lab.KubectlJsonAsync(Cluster, "-n", ns, "get", "pod", "client"))["status"]!["podIP"]!;
        return new ClientPod("client", ip, PodLookup.Find(LabPaths.For(lab.Name), $"{Cluster}/{ns}/client", out _)!);
    }

    private async Task<string> CurlFromPodAsync(ClientPod pod, string url)
    {
        var result = await RunCurlInPodAsync(pod, url);
        Assert.True(result.Ok, $"curl {url} from pod {pod.Name}: exit {result.ExitCode} {result.Stderr}");
        return result.Stdout.Trim();
    }

    /// <summary>
    /// The first request to a fresh ClusterIP from a pod: the kube-proxy of the pod's node programs the Service (and its
    /// endpoints) on its own sync, possibly after the rollout reported ready, so it is retried (bounded) until answered.
    /// </summary>
    private async Task<string> FirstAnswerFromPodAsync(ClientPod pod, string url)
    {
        string? answer = null;
        ProcessResult? last = null;
        await KubernetesLabFixture.EventuallyAsync(async () =>
        {
            last = await RunCurlInPodAsync(pod, url);
            answer = last.Ok ? last.Stdout.Trim() : null;
            return answer is not null;
        }, TimeSpan.FromSeconds(30), () => Task.FromResult($"curl {url} from pod {pod.Name}: exit {last?.ExitCode} {last?.Stderr}"));
        return answer!;
    }

    private async Task<ProcessResult> RunCurlInPodAsync(ClientPod pod, string url)
    {
        var line = await PodLookup.EnterAsync(pod.Record, lab.Node(pod.Record.Node).Namespace, ["curl", "-s", "--max-time", "3", url], CancellationToken.None);
        return await ProcessRunner.RunAsync(line[0], line.Skip(1).ToList(), TimeSpan.FromSeconds(10), CancellationToken.None);
    }

    /// <summary>Requests back to back (bounded: at most 3,000, 150 s) until stopped: how many answered and how many failed.</summary>
    private static async Task<(int Ok, int Failed)> ClientLoopAsync(string ns, string url, CancellationToken stop)
    {
        var (ok, failed) = (0, 0);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!stop.IsCancellationRequested && ok + failed < 3000 && clock.Elapsed < TimeSpan.FromSeconds(150))
        {
            if (await KubernetesLabFixture.CurlAsync(ns, url) is { } answer && answer.StartsWith("pod=web-", StringComparison.Ordinal))
            {
                ok++;
            }
            else
            {
                failed++;
            }
            await Task.Delay(50, CancellationToken.None);
        }
        return (ok, failed);
    }
}

/// <summary>The manifests the tests apply, written the way the seeds write them.</summary>
internal static class Manifests
{
    public static string Namespace(string ns) => $"apiVersion: v1\nkind: Namespace\nmetadata: {{name: {ns}}}\n---\n";

    public static string Web(string ns, string image, int replicas, bool hostPathPage = false, bool readinessFile = false, int preStopSeconds = 0, bool spread = false)
    {
        var volume = hostPathPage
            ? "      volumes: [{name: html, hostPath: {path: /data, type: DirectoryOrCreate}}]\n"
            : readinessFile ? "      volumes: [{name: html, emptyDir: {}}]\n" : "";
        var mount = hostPathPage || readinessFile ? "        volumeMounts: [{name: html, mountPath: /usr/share/nginx/html}]\n" : "";
        // readinessFile: the pod serves a ready.html of its own; removing the file fails its readiness probe.
        var readiness = readinessFile
            ? "        readinessProbe: {httpGet: {path: /ready.html, port: 80}, periodSeconds: 1, failureThreshold: 2}\n"
            : "        readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 1}\n";
        var writer = readinessFile
            ? "      - name: page\n        image: busybox\n        command: [sh, -c, 'echo \"ready $(POD_NAME)\" > /html/ready.html; exec sleep 3600']\n" +
              "        env: [{name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]\n" +
              "        volumeMounts: [{name: html, mountPath: /html}]\n"
            : "";
        var preStop = preStopSeconds > 0 ? $"        lifecycle: {{preStop: {{exec: {{command: [sleep, \"{preStopSeconds}\"]}}}}}}\n" : "";
        var antiAffinity = spread
            ? "      affinity: {podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{labelSelector: {matchLabels: {app: web}}, topologyKey: kubernetes.io/hostname}]}}\n"
            : "";
        return $"""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {"{"}name: web, namespace: {ns}{"}"}
            spec:
              replicas: {replicas}
              selector: {"{"}matchLabels: {"{"}app: web{"}"}{"}"}
              template:
                metadata: {"{"}labels: {"{"}app: web{"}"}{"}"}
                spec:
                  terminationGracePeriodSeconds: 10
            {antiAffinity}{volume}      containers:
                  - name: web
                    image: {image}
                    ports: [{"{"}containerPort: 80{"}"}]
            {readiness}{preStop}{mount}{writer}---

            """;
    }

    public static string Service(string ns, string name, string type, int? nodePort = null, bool affinity = false) =>
        $"""
        apiVersion: v1
        kind: Service
        metadata: {"{"}name: {name}, namespace: {ns}{"}"}
        spec:
          type: {type}
          selector: {"{"}app: web{"}"}
        {(affinity ? "  sessionAffinity: ClientIP\n" : "")}  ports: [{"{"}port: 80, targetPort: 80{(nodePort is { } p ? $", nodePort: {p}" : "")}{"}"}]

        """;
}
