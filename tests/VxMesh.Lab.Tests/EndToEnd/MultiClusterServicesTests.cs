using System.Text.Json.Nodes;
using VxMesh.Lab.Kubernetes;
using VxMesh.Lab.Tests.Support;

namespace VxMesh.Lab.Tests.EndToEnd;

public sealed class ServicesSeedLab : KubernetesLabFixture
{
    protected override char Tag => 'x';

    protected override bool Install => true;
}

/// <summary>
/// Multi-cluster services (docs/services.md) in the seed Kubernetes lab with VxMesh installed: a
/// ServiceExport in one cluster becomes a ServiceImport, a derived Service and EndpointSlices in
/// the others, and the derived ClusterIP reaches the exporter's pods with the client's IP. The API
/// servers are the oracle; each test has its own namespace, so they share the lab safely.
/// </summary>
[Collection(LabCollection.Name)]
public partial class MultiClusterServicesTests(ServicesSeedLab lab) : IClassFixture<ServicesSeedLab>
{
    private const string C1 = "test-cluster1";
    private const string C2 = "test-cluster2";
    private const string C3 = "test-cluster3";
    private static readonly string[] Clusters = [C1, C2, C3];
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Export_ImportedInClusters1And3_AnsweredByAllThreeReplicas_WithTheClientsOwnIp()
    {
        const string ns = "mcs-reach";
        await NamespaceEverywhereAsync(ns);
        await lab.ApplyAsync(C2, Nginx(ns, "nginx", replicas: 3) + Export(ns, "nginx"));
        await RolloutAsync(C2, ns, "nginx");
        var pods = await ReadyPodIpsAsync(C2, ns, "nginx");
        Assert.Equal(3, pods.Count);

        foreach (var cluster in new[] { C1, C3 })
        {
            await EventuallySliceIpsAsync(cluster, ns, "nginx", C2, pods);
            var import = await lab.KubectlJsonAsync(cluster, "-n", ns, "get", "serviceimport", "nginx");
            Assert.Equal("ClusterSetIP", (string?)import["spec"]!["type"]);
            Assert.Equal([C2], import["status"]!["clusters"]!.AsArray().Select(c => (string?)c!["cluster"]));
            var derived = await lab.KubectlJsonAsync(cluster, "-n", ns, "get", "service", "derived-nginx");
            Assert.Null(derived["spec"]!["selector"]);
            Assert.Equal((string?)derived["spec"]!["clusterIP"], (string?)import["spec"]!["ips"]![0]);
        }
        var valid = await ConditionAsync(C2, ns, "nginx", "Valid");
        Assert.Equal("True", valid);

        var report = await ServicesCheck.RunAsync(lab.State, 30, 0, lab.Log, CancellationToken.None, $"{ns}/nginx");

        var fromC1 = report.Services.Single(s => s.FromCluster == C1);
        Assert.True(fromC1.Ok && fromC1.SourceKept, $"{fromC1.Answers.Count}/{fromC1.Requests}: {string.Join("; ", fromC1.Failures)} clients seen {string.Join(",", fromC1.Answers.Select(a => a.Client).Distinct())} (client {fromC1.FromIp})");
        Assert.All(fromC1.Answers, a => Assert.Equal(C2, a.Cluster));
        Assert.Equal(3, fromC1.Backends.Count);
        Assert.All(report.Services, s => Assert.True(s.Ok && s.SourceKept, $"{s.FromCluster}: {string.Join("; ", s.Failures)}"));
    }

    [Fact]
    public async Task ScaledExporter_EndpointSlicesOfTheImportersFollow()
    {
        const string ns = "mcs-scale";
        await NamespaceEverywhereAsync(ns);
        await lab.ApplyAsync(C2, Nginx(ns, "web", replicas: 1) + Export(ns, "web"));
        await RolloutAsync(C2, ns, "web");
        await EventuallySliceIpsAsync(C1, ns, "web", C2, await ReadyPodIpsAsync(C2, ns, "web"));

        await lab.KubectlAsync(C2, "-n", ns, "scale", "deployment/web", "--replicas=3");
        await RolloutAsync(C2, ns, "web");
        var three = await ReadyPodIpsAsync(C2, ns, "web");
        Assert.Equal(3, three.Count);
        await EventuallySliceIpsAsync(C1, ns, "web", C2, three);

        await lab.KubectlAsync(C2, "-n", ns, "scale", "deployment/web", "--replicas=1");
        await KubernetesLabFixture.EventuallyAsync(async () => (await ReadyPodIpsAsync(C2, ns, "web")).Count == 1 && (await AllPodsAsync(C2, ns)) == 1,
            Settle, async () => string.Join(",", await ReadyPodIpsAsync(C2, ns, "web")));
        await EventuallySliceIpsAsync(C1, ns, "web", C2, await ReadyPodIpsAsync(C2, ns, "web"));
    }

    [Fact]
    public async Task Unexport_RemovesTheImportAndTheDerivedObjectsEverywhere()
    {
        const string ns = "mcs-gone";
        await NamespaceEverywhereAsync(ns);
        await lab.ApplyAsync(C2, Nginx(ns, "web", replicas: 1) + Export(ns, "web"));
        await RolloutAsync(C2, ns, "web");
        var pods = await ReadyPodIpsAsync(C2, ns, "web");
        await EventuallySliceIpsAsync(C1, ns, "web", C2, pods);
        await EventuallySliceIpsAsync(C3, ns, "web", C2, pods);

        await lab.KubectlAsync(C2, "-n", ns, "delete", "serviceexport", "web");

        foreach (var cluster in Clusters)
        {
            await KubernetesLabFixture.EventuallyAsync(async () => await DerivedCountAsync(cluster, ns) == 0, Settle,
                async () => $"{cluster}: {await lab.KubectlAsync(cluster, "-n", ns, "get", "serviceimports,services,endpointslices", "-l", "app.kubernetes.io/managed-by=vxmesh")}\n{ControllerLogTails()}");
        }
        // The exporter's own Service is the user's: untouched.
        await lab.KubectlAsync(C2, "-n", ns, "get", "service", "web");
    }

    [Fact]
    public async Task SameServiceFromClusters2And3_Merges_AndTheNewerDifferentPortsAreAConflict()
    {
        const string ns = "mcs-merge";
        await NamespaceEverywhereAsync(ns);
        await lab.ApplyAsync(C2, Nginx(ns, "web", replicas: 1) + Export(ns, "web"));
        await RolloutAsync(C2, ns, "web");
        await EventuallySliceIpsAsync(C1, ns, "web", C2, await ReadyPodIpsAsync(C2, ns, "web"));
        await lab.ApplyAsync(C3, Nginx(ns, "web", replicas: 1, port: 8080) + Export(ns, "web"));
        await RolloutAsync(C3, ns, "web");

        await EventuallySliceIpsAsync(C1, ns, "web", C3, await ReadyPodIpsAsync(C3, ns, "web"));
        var import = await lab.KubectlJsonAsync(C1, "-n", ns, "get", "serviceimport", "web");
        Assert.Equal([C2, C3], import["status"]!["clusters"]!.AsArray().Select(c => (string?)c!["cluster"]));
        Assert.Equal(80, (int?)import["spec"]!["ports"]![0]!["port"]);
        await KubernetesLabFixture.EventuallyAsync(async () => await ConditionAsync(C3, ns, "web", "Conflict") == "True", Settle,
            async () => await lab.KubectlAsync(C3, "-n", ns, "get", "serviceexport", "web", "-o", "yaml"));
        // The MCS API reports a conflict on every export of the service, the one in effect too.
        await KubernetesLabFixture.EventuallyAsync(async () => await ConditionAsync(C2, ns, "web", "Conflict") == "True", Settle,
            async () => await lab.KubectlAsync(C2, "-n", ns, "get", "serviceexport", "web", "-o", "yaml"));
        var events = await lab.KubectlJsonAsync(C3, "-n", ns, "get", "events", "--field-selector", "reason=PortConflict");
        Assert.NotEmpty(events["items"]!.AsArray());
    }

    [Fact]
    public async Task ExternalNameExport_IsNotValid_AndNotImported()
    {
        const string ns = "mcs-extname";
        await NamespaceEverywhereAsync(ns);
        await lab.ApplyAsync(C2, $"apiVersion: v1\nkind: Service\nmetadata: {{name: ext, namespace: {ns}}}\nspec: {{type: ExternalName, externalName: example.org}}\n---\n" + Export(ns, "ext"));

        await KubernetesLabFixture.EventuallyAsync(async () => await ConditionAsync(C2, ns, "ext", "Valid") == "False", Settle,
            async () => await lab.KubectlAsync(C2, "-n", ns, "get", "serviceexport", "ext", "-o", "yaml"));
        var export = await lab.KubectlJsonAsync(C2, "-n", ns, "get", "serviceexport", "ext");
        Assert.Equal("InvalidServiceType", (string?)export["status"]!["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "Valid")!["reason"]);
        Assert.Equal(0, await DerivedCountAsync(C1, ns));
    }

    /// <summary>The last lines of every controller's log in the lab (where a test that waited in vain looks first).</summary>
    private string ControllerLogTails() =>
        string.Join("\n", Directory.GetFiles(Path.Combine(VxMesh.Lab.Runtime.LabPaths.For(lab.Name).Directory, "nodes"), "controller.log", SearchOption.AllDirectories)
            .Select(f => $"== {f}\n{string.Join("\n", File.ReadLines(f).TakeLast(8))}"));

    private async Task NamespaceEverywhereAsync(string ns)
    {
        foreach (var cluster in Clusters)
        {
            await lab.ApplyAsync(cluster, $"apiVersion: v1\nkind: Namespace\nmetadata: {{name: {ns}}}\n");
        }
    }

    private async Task RolloutAsync(string cluster, string ns, string name) =>
        await lab.KubectlAsync(cluster, "-n", ns, "rollout", "status", $"deployment/{name}", "--timeout=120s");

    private async Task<IReadOnlyList<string>> ReadyPodIpsAsync(string cluster, string ns, string service)
    {
        var endpoints = await lab.KubectlJsonAsync(cluster, "-n", ns, "get", "endpoints", service);
        return (endpoints["subsets"]?.AsArray() ?? []).SelectMany(s => s!["addresses"]?.AsArray() ?? []).Select(a => (string)a!["ip"]!).Order(StringComparer.Ordinal).ToList();
    }

    private async Task<int> AllPodsAsync(string cluster, string ns) =>
        (await lab.KubectlJsonAsync(cluster, "-n", ns, "get", "pods"))["items"]!.AsArray().Count;

    /// <summary>Until the importing cluster's EndpointSlices from <paramref name="source"/> list exactly <paramref name="ips"/>.</summary>
    private async Task EventuallySliceIpsAsync(string cluster, string ns, string service, string source, IReadOnlyList<string> ips) =>
        await KubernetesLabFixture.EventuallyAsync(async () => (await SliceIpsAsync(cluster, ns, service, source)).SequenceEqual(ips), Settle,
            async () => $"{cluster} slices of derived-{service} from {source}: [{string.Join(",", await SliceIpsAsync(cluster, ns, service, source))}], want [{string.Join(",", ips)}]");

    /// <summary>The endpoint addresses of a cluster's derived EndpointSlices for <paramref name="service"/> (from <paramref name="source"/> only when given), sorted.</summary>
    private async Task<IReadOnlyList<string>> SliceIpsAsync(string cluster, string ns, string service, string? source = null)
    {
        var selector = $"kubernetes.io/service-name=derived-{service}" + (source is null ? "" : $",multicluster.kubernetes.io/source-cluster={source}");
        var result = await lab.Kubectl.RunAsync(cluster, ["-n", ns, "get", "endpointslices", "-o", "json", "-l", selector], CancellationToken.None);
        return !result.Ok ? [] : (JsonNode.Parse(result.Stdout)!["items"]!.AsArray())
            .SelectMany(s => s!["endpoints"]?.AsArray() ?? []).SelectMany(e => e!["addresses"]!.AsArray()).Select(a => (string)a!).Order(StringComparer.Ordinal).ToList();
    }

    private async Task<int> DerivedCountAsync(string cluster, string ns) =>
        (await lab.KubectlJsonAsync(cluster, "-n", ns, "get", "serviceimports,services,endpointslices", "-l", "app.kubernetes.io/managed-by=vxmesh"))["items"]!.AsArray().Count;

    private async Task<string?> ConditionAsync(string cluster, string ns, string name, string type)
    {
        var export = await lab.KubectlJsonAsync(cluster, "-n", ns, "get", "serviceexport", name);
        return (string?)(export["status"]?["conditions"]?.AsArray() ?? []).FirstOrDefault(c => (string?)c!["type"] == type)?["status"];
    }

    private static string Nginx(string ns, string name, int replicas, int port = 80) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{name}}
          namespace: {{ns}}
        spec:
          replicas: {{replicas}}
          selector:
            matchLabels:
              app: {{name}}
          template:
            metadata:
              labels:
                app: {{name}}
            spec:
              containers:
                - name: nginx
                  image: nginx:1.19
                  ports: [{containerPort: 80}]
                  readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 2}
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: {{name}}
          namespace: {{ns}}
        spec:
          selector:
            app: {{name}}
          ports:
            - name: http
              port: {{port}}
              targetPort: 80
        ---

        """;

    private static string Export(string ns, string name) =>
        $"apiVersion: multicluster.x-k8s.io/v1alpha1\nkind: ServiceExport\nmetadata: {{name: {name}, namespace: {ns}}}\n";
}
