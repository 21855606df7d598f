using System.Net;
using System.Text.Json.Nodes;
using VxMesh.Lab.Churn;
using VxMesh.Lab.Registry;
using VxMesh.Lab.Runtime;
using VxMesh.Lab.Tests.Support;
using VxMesh.Lab.Verify;
using Xunit.Abstractions;

namespace VxMesh.Lab.Tests.EndToEnd;

public sealed class SeedEtcdLab : LabFixture
{
    protected override string Yaml => "preset:seed";

    protected override char Tag => 'c';

    protected override EtcdLabOptions? Etcd => EtcdLabOptions.Default;
}

/// <summary>
/// Conflicts the established owner wins, in the article's six-node mesh on etcd: a leaseless key
/// squatting node 003's block across 003's graceful restart, and keys in test-cluster1 copying a
/// test-cluster3 node's underlay address, VTEP MAC or VTEP address. Each is written with etcdctl
/// under the writer's own cluster credentials (what an insider or a cloned VM can do); verify must
/// stay at 30/30 with the established nodes in the mesh, and `vxmesh status` names the newcomer and
/// whom it collided with.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class ClaimLabTests(SeedEtcdLab lab, ITestOutputHelper output) : IClassFixture<SeedEtcdLab>
{
    private const string Etcd = "https://198.18.0.2:2379";
    private const string N003 = "multicluster-test-003";

    [Fact]
    public async Task Squatter_OverTheOwnersGracefulRestart_NeverTakesTheBlock_VerifyStays30Of30()
    {
        var squatter = "/vxmesh/nodes/test-cluster2/squatter";
        try
        {
            var put = await Etcdctl(As("vxmesh-cluster-test-cluster2"), "put", squatter, Registration("test-cluster2", "squatter", "198.18.2.99", "198.19.88.0/24"));
            Assert.True(put.ExitCode == 0, put.Stderr);
            await Task.Delay(TimeSpan.FromSeconds(1));

            // SIGTERM: 003 deregisters (its claim stays), then it comes back with a newer key than the squatter's.
            var pid = AgentLauncher.RunningPid(LabPaths.For(lab.Name), N003)!.Value;
            Assert.True(await ProcessStopper.StopAsync([pid], TimeSpan.FromSeconds(10), CancellationToken.None));
            await AgentControl.StartAsync(lab.Name, N003, TestEnvironment.Agent, CancellationToken.None);

            await AssertMeshWholeAsync();
            var status = await StatusAsync();
            var excluded = status["nodes"]!.AsArray().Single(n => (string)n!["name"]! == "squatter")!;
            Assert.False((bool)excluded["inMesh"]!);
            Assert.Contains($"collides with established test-cluster2/{N003}", (string)excluded["reason"]!);
            Assert.True(status["nodes"]!.AsArray().Single(n => (string)n!["name"]! == N003)!["inMesh"]!.GetValue<bool>());
            // A peer's log names both.
            var peerLog = File.ReadAllText(LabPaths.For(lab.Name).AgentLog("multicluster-test-005"));
            Assert.Contains($"{squatter}: collides with established test-cluster2/{N003}", peerLog);
        }
        finally
        {
            await Etcdctl(As("vxmesh-admin"), "del", squatter);
        }
    }

    [Theory]
    [InlineData("clone-ip", "198.18.3.15", null, false)]
    [InlineData("clone-mac", "198.18.1.77", null, true)]
    [InlineData("clone-vtep", "198.18.1.78", "198.18.250.15", false)]
    public async Task CrossClusterCopy_OfATestCluster3NodesAddress_IsLeftOut_VerifyStays30Of30(string name, string ip, string? vtepIp, bool copyMac)
    {
        var key = $"/vxmesh/nodes/test-cluster1/{name}";
        var target = lab.State.Nodes.Single(n => n.Name == "multicluster-test-005");
        // The MAC case copies 005's MAC as the kernel shows it.
        var copiedMac = !copyMac ? null : (string)(await Kernel.IpJsonAsync(target.Namespace, "link", "show", "vxlan-test"))[0]!["address"]!;
        try
        {
            var put = await Etcdctl(As("vxmesh-cluster-test-cluster1"), "put", key, Registration("test-cluster1", name, ip, "198.19.10.0/24", vtepIp, copiedMac));
            Assert.True(put.ExitCode == 0, put.Stderr);
            await Task.Delay(TimeSpan.FromSeconds(1));

            await AssertMeshWholeAsync();
            var status = await StatusAsync();
            var excluded = status["nodes"]!.AsArray().Single(n => (string)n!["name"]! == name)!;
            Assert.False((bool)excluded["inMesh"]!);
            Assert.Contains("established test-cluster3/multicluster-test-005", (string)excluded["reason"]!);
            Assert.DoesNotContain(IPNetwork.Parse("198.19.10.0/24"), await Readiness.KernelRoutesAsync(lab.State.Nodes.Single(n => n.Name == "multicluster-test-003").Namespace, CancellationToken.None));
        }
        finally
        {
            await Etcdctl(As("vxmesh-admin"), "del", key);
        }
    }

    /// <summary>All 30 pairs connect with their source address, and every node is in the mesh of every other.</summary>
    private async Task AssertMeshWholeAsync()
    {
        var report = await Verifier.RunAsync(LabState.Load(LabPaths.For(lab.Name))!, CancellationToken.None);
        output.WriteLine($"verify: {report.Pairs.Count(p => p.Ok && p.SourcePreserved)}/{report.Pairs.Count}");
        Assert.True(report.Ok, LabFixture.Describe(report.Pairs.Where(p => !p.Ok || !p.SourcePreserved)));
        Assert.Equal(30, report.Pairs.Count(p => p.Ok && p.SourcePreserved));
        var inMesh = (await StatusAsync())["nodes"]!.AsArray().Where(n => (bool)n!["inMesh"]!).Select(n => (string)n!["name"]!).Order(StringComparer.Ordinal);
        Assert.Equal(lab.State.Nodes.Select(n => n.Name).Order(StringComparer.Ordinal), inMesh);
    }

    /// <summary>A registration as an agent writes it (docs/registry.md, key layout).</summary>
    private static string Registration(string cluster, string name, string ip, string block, string? vtepIp = null, string? mac = null) =>
        new JsonObject
        {
            ["cluster"] = cluster,
            ["name"] = name,
            ["ip"] = ip,
            ["underlayDev"] = null,
            ["vtepIp"] = vtepIp,
            ["vtepMac"] = mac,
            ["podCidrs"] = new JsonArray(block),
            ["registeredAt"] = "2026-12-03T00:00:00+00:00",
            ["updatedAt"] = "2026-12-03T00:00:00+00:00",
            ["agentVersion"] = "etcdctl",
        }.ToJsonString();

    private async Task<JsonNode> StatusAsync()
    {
        var pki = LabPaths.For(lab.Name).Pki;
        var result = await Kernel.ExecAsync(Ns("multicluster-test-001"), [.. TestEnvironment.Agent.Command(["status", "--etcd", Etcd, "--etcd-ca", $"{pki}/ca.crt",
            "--etcd-cert", $"{pki}/vxmesh-admin.crt", "--etcd-key", $"{pki}/vxmesh-admin.key", "-o", "json"])]);
        return JsonNode.Parse(result.Stdout) ?? throw new InvalidOperationException(result.Stderr);
    }

    private string[] As(string user)
    {
        var pki = LabPaths.For(lab.Name).Pki;
        return ["--cacert", $"{pki}/ca.crt", "--cert", $"{pki}/{user}.crt", "--key", $"{pki}/{user}.key"];
    }

    private Task<ProcessResult> Etcdctl(string[] tls, params string[] args) =>
        Kernel.ExecAsync(Ns("multicluster-test-001"), ["env", "ETCDCTL_API=3", "etcdctl", "--endpoints", Etcd, "--dial-timeout", "2s", "--command-timeout", "3s", .. tls, .. args]);

    private string Ns(string member) => $"vxlab-{lab.Name}-{member}";
}
