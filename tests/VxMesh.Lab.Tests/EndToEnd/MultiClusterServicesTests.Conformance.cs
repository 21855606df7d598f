using System.Net;
using System.Text.Json.Nodes;
using VxMesh.Bench.Services;
using VxMesh.Lab.Kubelet;
using VxMesh.Lab.Runtime;
using VxMesh.Lab.Tests.Support;

namespace VxMesh.Lab.Tests.EndToEnd;

/// <summary>
/// The Required behaviours of the MCS API conformance suite (kubernetes-sigs/mcs-api, conformance/service_import.go
/// and connectivity.go) that apply without DNS, one named test each, checked through every cluster's API server.
/// Selector-less Services: these behaviours are about the API objects, so no pods are needed (reachability through
/// an import is MultiClusterServicesTests.Export_…, readiness below). docs/services.md maps each to its test.
/// </summary>
public partial class MultiClusterServicesTests
{
    [Fact]
    public async Task Conformance_ClusterIpExport_CreatesAClusterSetIpImportInEveryCluster_AndUnexportDeletesIt()
    {
        const string ns = "mcsc-type";
        await NamespaceEverywhereAsync(ns);
        await lab.ApplyAsync(C2, PlainService(ns, "hello") + Export(ns, "hello"));

        foreach (var cluster in Clusters)
        {
            var import = await EventuallyImportAsync(cluster, ns, "hello", _ => true);
            Assert.Equal("ClusterSetIP", (string?)import["spec"]!["type"]);
        }
        await lab.KubectlAsync(C2, "-n", ns, "delete", "serviceexport", "hello");

        foreach (var cluster in Clusters)
        {
            await EventuallyNoImportAsync(cluster, ns, "hello");
        }
    }

    [Fact]
    public async Task Conformance_AnImportExistsOnlyWhileAtLeastOneClusterExports()
    {
        const string ns = "mcsc-life";
        await NamespaceEverywhereAsync(ns);
        await lab.ApplyAsync(C2, PlainService(ns, "hello") + Export(ns, "hello"));
        await lab.ApplyAsync(C3, PlainService(ns, "hello") + Export(ns, "hello"));
        await EventuallyImportAsync(C1, ns, "hello", i => ClustersOf(i).SequenceEqual([C2, C3]));

        await lab.KubectlAsync(C2, "-n", ns, "delete", "serviceexport", "hello");

        // Never gone on the way: every look finds it, until only cluster 3 exports.
        await KubernetesLabFixture.EventuallyAsync(async () =>
        {
            var import = await ImportOrNullAsync(C1, ns, "hello");
            Assert.NotNull(import);
            return ClustersOf(import).SequenceEqual([C3]);
        }, Settle, async () => $"{await ImportOrNullAsync(C1, ns, "hello")}");
        await lab.KubectlAsync(C3, "-n", ns, "delete", "serviceexport", "hello");
        await EventuallyNoImportAsync(C1, ns, "hello");
    }

    [Fact]
    public async Task Conformance_ImportSessionAffinity_MatchesTheExportedServices()
    {
        const string ns = "mcsc-affinity";
        await NamespaceEverywhereAsync(ns);
        await lab.ApplyAsync(C2, PlainService(ns, "hello", affinity: "sessionAffinity: ClientIP\n  sessionAffinityConfig: {clientIP: {timeoutSeconds: 600}}") + Export(ns, "hello"));
        var exported = (await lab.KubectlJsonAsync(C2, "-n", ns, "get", "service", "hello"))["spec"]!;

        var import = await EventuallyImportAsync(C1, ns, "hello", _ => true);

        Assert.Equal("ClientIP", (string?)import["spec"]!["sessionAffinity"]);
        Assert.Equal((string?)exported["sessionAffinity"], (string?)import["spec"]!["sessionAffinity"]);
        Assert.Equal(exported["sessionAffinityConfig"]!.ToJsonString(), import["spec"]!["sessionAffinityConfig"]?.ToJsonString());
        // The derived Service that kube-proxy programs carries it too, so a client stays with one remote pod.
        var derived = (await lab.KubectlJsonAsync(C1, "-n", ns, "get", "service", "derived-hello"))["spec"]!;
        Assert.Equal("ClientIP", (string?)derived["sessionAffinity"]);
        Assert.Equal(600, (int?)derived["sessionAffinityConfig"]!["clientIP"]!["timeoutSeconds"]);
    }

    [Fact]
    public async Task Conformance_AClusterSetIpImport_GetsAnIp()
    {
        const string ns = "mcsc-ip";
        await NamespaceEverywhereAsync(ns);
        await lab.ApplyAsync(C2, PlainService(ns, "hello") + Export(ns, "hello"));

        var import = await EventuallyImportAsync(C1, ns, "hello", i => i["spec"]!["ips"]?.AsArray().Count > 0);

        var ip = IPAddress.Parse((string)import["spec"]!["ips"]![0]!);
        // From the importing cluster's own service range (examples/lab-seed.yaml: test-cluster1's is 198.18.64.0/18).
        Assert.True(IPNetwork.Parse("198.18.64.0/18").Contains(ip), $"{ip} is not in test-cluster1's service range");
    }

    [Fact]
    public async Task Conformance_ImportPorts_MatchTheExportedServices()
    {
        const string ns = "mcsc-ports";
        await NamespaceEverywhereAsync(ns);
        await lab.ApplyAsync(C2, PlainService(ns, "hello", ports: "[{name: http, port: 80, protocol: TCP}, {name: dns, port: 53, protocol: UDP}]") + Export(ns, "hello"));
        var exported = Ports((await lab.KubectlJsonAsync(C2, "-n", ns, "get", "service", "hello"))["spec"]!);

        var import = await EventuallyImportAsync(C1, ns, "hello", _ => true);

        Assert.Equal([("dns", 53, "UDP"), ("http", 80, "TCP")], exported);
        Assert.Equal(exported, Ports(import["spec"]!));
    }

    [Fact]
    public async Task Conformance_ExportedFromTwoClusters_ExposesTheUnionOfTheirPorts()
    {
        const string ns = "mcsc-union";
        await NamespaceEverywhereAsync(ns);
        await lab.ApplyAsync(C2, PlainService(ns, "hello") + Export(ns, "hello"));
        await EventuallyImportAsync(C1, ns, "hello", _ => true);
        await lab.ApplyAsync(C3, PlainService(ns, "hello", ports: "[{name: http, port: 80, protocol: TCP}, {name: extra, port: 142, protocol: TCP}]") + Export(ns, "hello"));

        var import = await EventuallyImportAsync(C1, ns, "hello", i => ClustersOf(i).SequenceEqual([C2, C3]) && Ports(i["spec"]!).Count == 2);

        Assert.Equal([("extra", 142, "TCP"), ("http", 80, "TCP")], Ports(import["spec"]!));
    }

    [Fact]
    public async Task Conformance_HeadlessExport_ImportsAsHeadlessInEveryCluster_WithNoClusterSetIp()
    {
        const string ns = "mcsc-headless";
        await NamespaceEverywhereAsync(ns);
        await lab.ApplyAsync(C2, PlainService(ns, "hello", clusterIp: "None") + Export(ns, "hello"));

        foreach (var cluster in Clusters)
        {
            var import = await EventuallyImportAsync(cluster, ns, "hello", _ => true);
            Assert.Equal("Headless", (string?)import["spec"]!["type"]);
            Assert.Null(import["spec"]!["ips"]);
        }
        // Still none a few controller passes later (the suite looks for 5 s).
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.Null((await ImportOrNullAsync(C1, ns, "hello"))!["spec"]!["ips"]);
        Assert.Equal("None", (string?)(await lab.KubectlJsonAsync(C1, "-n", ns, "get", "service", "derived-hello"))["spec"]!["clusterIP"]);
    }

    [Fact]
    public async Task Conformance_ConflictingHeadlessness_IsAConflictOnEachExport_AndTheImportStaysClusterSetIp()
    {
        const string ns = "mcsc-kind";
        await NamespaceEverywhereAsync(ns);
        await lab.ApplyAsync(C2, PlainService(ns, "hello") + Export(ns, "hello"));
        await EventuallyImportAsync(C1, ns, "hello", _ => true);
        await lab.ApplyAsync(C3, PlainService(ns, "hello", clusterIp: "None") + Export(ns, "hello"));

        foreach (var cluster in new[] { C2, C3 })
        {
            await KubernetesLabFixture.EventuallyAsync(async () => await ConditionAsync(cluster, ns, "hello", "Conflict") == "True", Settle,
                async () => await lab.KubectlAsync(cluster, "-n", ns, "get", "serviceexport", "hello", "-o", "yaml"));
        }
        foreach (var cluster in Clusters)
        {
            var import = await EventuallyImportAsync(cluster, ns, "hello", i => ClustersOf(i).SequenceEqual([C2, C3]));
            Assert.Equal("ClusterSetIP", (string?)import["spec"]!["type"]);
        }
    }

    [Fact]
    public async Task Conformance_WithNoExportedService_NothingIsImported()
    {
        const string ns = "mcsc-hidden";
        await NamespaceEverywhereAsync(ns);
        await lab.ApplyAsync(C2, PlainService(ns, "hidden") + PlainService(ns, "shown") + Export(ns, "shown"));

        // The exported neighbour arriving everywhere shows the controllers have passed over the namespace.
        foreach (var cluster in Clusters)
        {
            await EventuallyImportAsync(cluster, ns, "shown", _ => true);
        }

        foreach (var cluster in Clusters)
        {
            Assert.Null(await ImportOrNullAsync(cluster, ns, "hidden"));
            var derived = await lab.Kubectl.RunAsync(cluster, ["-n", ns, "get", "service", "derived-hidden"], CancellationToken.None);
            Assert.False(derived.Ok, $"{cluster} has a derived Service for the unexported one");
        }
    }

    [Fact]
    public async Task ReplicaFailingReadiness_LeavesTheImportersEndpoints_AndStopsGettingTheirRequests()
    {
        const string ns = "mcs-ready";
        await NamespaceEverywhereAsync(ns);
        await lab.ApplyAsync(C2, Manifests.Web(ns, "nginx", replicas: 2, readinessFile: true) + Manifests.Service(ns, "web", "ClusterIP") + "---\n" + Export(ns, "web"));
        await RolloutAsync(C2, ns, "web");
        var both = await ReadyPodIpsAsync(C2, ns, "web");
        Assert.Equal(2, both.Count);
        await EventuallySliceIpsAsync(C1, ns, "web", C2, both);

        var pods = (await lab.KubectlJsonAsync(C2, "-n", ns, "get", "pods", "-l", "app=web"))["items"]!.AsArray()
            .Select(p => ((string)p!["metadata"]!["name"]!, (string)p["status"]!["podIP"]!)).OrderBy(p => p.Item2, StringComparer.Ordinal).ToList();
        var (sick, sickIp) = pods[0];
        var (well, wellIp) = pods[1];
        var record = PodLookup.Find(LabPaths.For(lab.Name), $"{C2}/{ns}/{sick}", out _)!;
        var exit = await LabExec.RunLineAsync(await PodLookup.EnterAsync(record, lab.Node(record.Node).Namespace,
            ["rm", "/usr/share/nginx/html/ready.html"], CancellationToken.None), sick, TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.Equal(0, exit);

        await EventuallySliceIpsAsync(C1, ns, "web", C2, [wellIp]);
        var derivedIp = (string)(await lab.KubectlJsonAsync(C1, "-n", ns, "get", "service", "derived-web"))["spec"]!["clusterIP"]!;
        var node = lab.Node("multicluster-test-001").Namespace;
        // kube-proxy of the client's node follows the EndpointSlice on its own sync: wait (bounded) until the sick pod is out, then every answer is the well one's.
        await KubernetesLabFixture.EventuallyAsync(async () => await AnswersAsync(node, $"http://{derivedIp}/ready.html", 6) is var seen && seen.Count == 6 && seen.All(a => a == $"ready {well}"),
            Settle, async () => string.Join(" | ", await AnswersAsync(node, $"http://{derivedIp}/ready.html", 6)));
        var answers = await AnswersAsync(node, $"http://{derivedIp}/ready.html", 15);
        Assert.Equal(15, answers.Count);
        Assert.All(answers, a => Assert.Equal($"ready {well}", a));
        // Cluster 3 imports the same: the well replica only.
        await EventuallySliceIpsAsync(C3, ns, "web", C2, [wellIp]);
        Assert.DoesNotContain(sickIp, await SliceIpsAsync(C3, ns, "web"));
    }

    [Fact]
    public async Task BenchServices_TimesTheFourPaths_AndCountsTheRemoteClusterIpsFlowsPerNode()
    {
        var r = await ServicesBench.RunAsync(lab.Name, samples: 5, flows: 20, new Progress<string>(_ => { }), CancellationToken.None);

        Assert.Equal([ServicePathKind.PodToPod, ServicePathKind.LocalClusterIp, ServicePathKind.RemoteClusterIp, ServicePathKind.ImportedService], r.Rows.Select(x => x.Kind));
        Assert.All(r.Rows, row => Assert.True(row.Failures == 0 && row.TotalMs.Count == 5, $"{row.Kind} {row.Target}: {row.Failures} failed"));
        Assert.Equal(1, r.RatioToPodP50[ServicePathKind.PodToPod]);
        Assert.All(r.RatioToPodP50.Values, ratio => Assert.True(double.IsFinite(ratio) && ratio > 0));
        Assert.Equal((C1, C2), (r.FromCluster, r.ToCluster));
        Assert.True(r.Spread.Reachable, string.Join("; ", r.Spread.Failures));
        Assert.Equal(2, r.Spread.GroupMembers);
        Assert.Equal(1.0, r.ShareByNode.Values.Sum(), 6);
        Assert.All(r.ShareByNode.Keys, node => Assert.Contains(lab.State.Nodes, n => n.Name == node && n.Cluster == C2));
        // Its namespace goes with it.
        var ns = await lab.Kubectl.RunAsync(C2, ["get", "namespace", ServicesBench.Namespace, "-o", "jsonpath={.status.phase}"], CancellationToken.None);
        Assert.True(!ns.Ok || ns.Stdout.Trim() == "Terminating", ns.Stdout);
    }

    private static async Task<List<string>> AnswersAsync(string ns, string url, int count)
    {
        var answers = new List<string>();
        for (var i = 0; i < count; i++)
        {
            if (await KubernetesLabFixture.CurlAsync(ns, url) is { } answer)
            {
                answers.Add(answer);
            }
        }
        return answers;
    }

    private async Task<JsonNode?> ImportOrNullAsync(string cluster, string ns, string name)
    {
        var result = await lab.Kubectl.RunAsync(cluster, ["-n", ns, "get", "serviceimport", name, "-o", "json"], CancellationToken.None);
        return result.Ok ? JsonNode.Parse(result.Stdout) : null;
    }

    private async Task<JsonNode> EventuallyImportAsync(string cluster, string ns, string name, Func<JsonNode, bool> wanted)
    {
        JsonNode? import = null;
        await KubernetesLabFixture.EventuallyAsync(async () => (import = await ImportOrNullAsync(cluster, ns, name)) is not null && wanted(import), Settle,
            () => Task.FromResult($"{cluster}: serviceimport {ns}/{name}: {import?.ToJsonString() ?? "none"}\n{ControllerLogTails()}"));
        return import!;
    }

    private async Task EventuallyNoImportAsync(string cluster, string ns, string name) =>
        await KubernetesLabFixture.EventuallyAsync(async () => await ImportOrNullAsync(cluster, ns, name) is null, Settle,
            async () => $"{cluster}: serviceimport {ns}/{name} still there: {await ImportOrNullAsync(cluster, ns, name)}");

    /// <summary>The exporting clusters an import names, sorted (server-side apply keeps a keyed list in its own order).</summary>
    private static IReadOnlyList<string?> ClustersOf(JsonNode import) =>
        [.. (import["status"]?["clusters"]?.AsArray() ?? []).Select(c => (string?)c!["cluster"]).Order(StringComparer.Ordinal)];

    private static IReadOnlyList<(string Name, int Port, string Protocol)> Ports(JsonNode spec) =>
        [.. (spec["ports"]?.AsArray() ?? []).Select(p => ((string?)p!["name"] ?? "", (int)p["port"]!, (string?)p["protocol"] ?? "TCP")).Order()];

    /// <summary>A selector-less Service: the API objects are what these behaviours are about.</summary>
    private static string PlainService(string ns, string name, string ports = "[{name: http, port: 80, protocol: TCP}]", string? clusterIp = null, string? affinity = null) =>
        $"apiVersion: v1\nkind: Service\nmetadata: {{name: {name}, namespace: {ns}}}\nspec:\n  ports: {ports}\n" +
        (clusterIp is null ? "" : $"  clusterIP: {clusterIp}\n") + (affinity is null ? "" : $"  {affinity}\n") + "---\n";
}
