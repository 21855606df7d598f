using System.Text.Json.Nodes;
using VxMesh.Lab.Runtime;
using VxMesh.Tests.Shared;

namespace VxMesh.Lab.Tests.EndToEnd;

/// <summary>The seed lab's real Prometheus (`lab up --metrics`): what it scraped from every agent, and the dashboard's queries run on it.</summary>
public partial class SeedLabTests
{
    /// <summary>Series a healthy seed lab need not have: controllers (none here), failures, registry errors, etcd loads (a file registry), down paths.</summary>
    private static readonly string[] MayBeEmpty =
        ["vxmesh_controller_", "vxmesh_dataplane_op_failures_total", "vxmesh_registry_errors_total", "vxmesh_registry_full_loads_total", "state=\"down\""];

    [Fact]
    public async Task Dashboard_EveryQuery_RunsOnTheLabsPrometheus()
    {
        // Every agent scraped a few times, so rates over a minute have their two samples.
        Assert.True(await UntilAsync(async () => (await PromQueryAsync("count(vxmesh_build_info) >= 6 and count(count_over_time(vxmesh_build_info[1m]) >= 3) >= 6")).Count == 1),
            "prometheus has not scraped all six agents three times");

        var empty = new List<string>();
        foreach (var expr in DashboardQueries.Expressions())
        {
            var result = await PromQueryAsync(expr);
            if (result.Count == 0 && !MayBeEmpty.Any(m => expr.Contains(m, StringComparison.Ordinal)))
            {
                empty.Add(expr);
            }
        }

        Assert.True(empty.Count == 0, $"dashboard queries without data in a healthy lab:\n{string.Join("\n", empty)}");
        var versions = await PromQueryAsync("count by (version) (vxmesh_build_info)");
        Assert.Equal("6", (string)versions.Single()!["value"]![1]!);
    }

    /// <summary>The directed paths Prometheus has down: (the agent that sees it, the peer), from the targets' agent_node label and the series' node.</summary>
    private async Task<HashSet<(string Agent, string Peer)>> DownInPrometheusAsync() =>
        [.. (await PromQueryAsync("vxmesh_peer_path_state{state=\"down\"} == 1"))
            .Select(s => ((string)s!["metric"]!["agent_node"]!, (string)s["metric"]!["node"]!))];

    /// <summary>An instant query on the lab's Prometheus; its result vector. A query Prometheus refuses (bad PromQL) fails the test.</summary>
    private async Task<JsonArray> PromQueryAsync(string expr)
    {
        var (status, body) = await LabPrometheus.QueryAsync(lab.State, "/api/v1/query?query=" + Uri.EscapeDataString(expr), CancellationToken.None);
        Assert.True(status == 200, $"prometheus answered {status} to {expr}: {body}");
        var answer = JsonNode.Parse(body)!;
        Assert.Equal("success", (string)answer["status"]!);
        return answer["data"]!["result"]!.AsArray();
    }
}
