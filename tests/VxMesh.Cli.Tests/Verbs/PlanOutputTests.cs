using System.Text.Json.Nodes;
using VxMesh.Cli.Tests.Support;
using VxMesh.Tests.Shared;

namespace VxMesh.Cli.Tests.Verbs;

/// <summary>`plan -o json` is a contract scripts rely on (docs/json.md): check its shape and content.</summary>
public sealed class PlanOutputTests
{
    private static readonly string Seed = Repo.Path("examples", "seed-000.yaml");

    [Fact]
    public void PlanJson_AllNodes_ListsSixNodesWithArticleEntries()
    {
        var run = Vxmesh.Run("plan", "-f", Seed, "-o", "json").EnsureSuccess("plan -o json");
        var doc = JsonNode.Parse(run.Stdout)!;

        var nodes = doc["nodes"]!.AsArray();
        Assert.Equal(6, nodes.Count);
        var first = nodes[0]!;
        Assert.Equal("multicluster-test-001", first["node"]!.GetValue<string>());
        Assert.Equal("c2:6a:9b:e5:39:8d", first["device"]!["mac"]!.GetValue<string>());
        Assert.Equal(10001u, first["device"]!["vni"]!.GetValue<uint>());
        Assert.Equal("179.17.1.21", first["address"]!["address"]!.GetValue<string>());
        Assert.Equal(5, first["neighbors"]!.AsArray().Count);
        Assert.Equal(5, first["fdb"]!.AsArray().Count);
        var routes = first["routes"]!.AsArray().Select(r => r!["destination"]!.GetValue<string>()).ToList();
        Assert.Equal(["10.235.88.0/24", "10.235.113.0/24", "10.236.106.0/24", "10.236.115.0/24"], routes);
        Assert.Equal("vxlan", first["peers"]![0]!["path"]!.GetValue<string>());
    }

    [Fact]
    public void PlanTable_OneNode_ShowsDeviceMtuAndCounts()
    {
        var run = Vxmesh.Run("plan", "-f", Seed, "--node", "multicluster-test-004").EnsureSuccess("plan");

        Assert.Contains("vxlan-test vni 10001 port 4899", run.Stdout);
        Assert.Contains("device 1450 = underlay 1500 (assumed) - 50", run.Stdout);
        Assert.Contains("5 ARP, 5 FDB, 4 routes", run.Stdout);
    }
}
