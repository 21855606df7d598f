using System.Diagnostics;
using System.Text.Json.Nodes;
using VxMesh.Lab.Churn;
using VxMesh.Lab.Runtime;
using VxMesh.Lab.Tests.Support;

namespace VxMesh.Lab.Tests.EndToEnd;

/// <summary>Overlay probes and path faults: a path broken with `lab path break` is seen down from both ends, and up after restore.</summary>
public partial class SeedLabTests
{
    /// <summary>
    /// A bound for "it happened at all", not a performance check (timings come from the probe
    /// interval and `bench`): at the defaults (1 s, down after 3, up after 2) the states change
    /// within 3–4 s; the test polls up to this long on a shared, noisy machine.
    /// </summary>
    private static readonly TimeSpan ProbeBound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task PathBreak_BothEndsSeeEachOtherDown_OtherPathsStayUp_RestoreBringsItBack()
    {
        var (a, b, c) = (lab.Node("multicluster-test-001"), lab.Node("multicluster-test-003"), lab.Node("multicluster-test-005"));
        Assert.True(await UntilAsync(async () => await StateAsync(a, b) == "up" && await StateAsync(b, a) == "up"), "the path was not up before the break");
        var clock = Stopwatch.StartNew();
        try
        {
            await PathFault.BreakAsync(lab.Name, a.Name, b.Name, CancellationToken.None);

            var table = await NftTableAsync(a.Namespace, PathFault.TableName(b.Name));
            Assert.Contains(table, r => r.Contains($"\"right\":\"{b.Ip}\"", StringComparison.Ordinal) && r.Contains("\"drop\"", StringComparison.Ordinal));
            Assert.True(await UntilAsync(async () => await StateAsync(a, b) == "down" && await StateAsync(b, a) == "down"),
                $"not down on both ends: {a.Name} sees {await StateAsync(a, b)}, {b.Name} sees {await StateAsync(b, a)}");
            output.WriteLine($"path break: down on both ends after {clock.Elapsed.TotalSeconds:F1} s");
            Assert.Equal("up", await StateAsync(a, c));
            Assert.Equal("up", await StateAsync(b, c));
        }
        finally
        {
            await PathFault.RestoreAsync(lab.Name, a.Name, b.Name, CancellationToken.None);
        }
        clock.Restart();
        Assert.Empty(await NftTableAsync(a.Namespace, PathFault.TableName(b.Name)));
        Assert.True(await UntilAsync(async () => await StateAsync(a, b) == "up" && await StateAsync(b, a) == "up"),
            $"not up again: {a.Name} sees {await StateAsync(a, b)}, {b.Name} sees {await StateAsync(b, a)}");
        output.WriteLine($"path restore: up on both ends after {clock.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task Metrics_EveryAgentServesPrometheusTextWithItsPeers()
    {
        foreach (var node in lab.State.Nodes)
        {
            var (status, body) = await AgentHttp.GetAsync(node, "/metrics", CancellationToken.None);

            Assert.Equal(200, status);
            Assert.Contains("# TYPE vxmesh_reconcile_passes_total counter", body, StringComparison.Ordinal);
            Assert.Contains("vxmesh_reconcile_passes_total{reason=\"start\",outcome=\"converged\"} 1", body, StringComparison.Ordinal);
            var peers = body.Split('\n').Where(l => l.StartsWith("vxmesh_peers{", StringComparison.Ordinal)).ToList();
            Assert.Equal(4, peers.Count);
            Assert.Equal(5, peers.Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>What <paramref name="from"/>'s agent says about its path to <paramref name="to"/> (its /peers, read with curl in its namespace).</summary>
    private static async Task<string?> StateAsync(LabNodeState from, LabNodeState to)
    {
        var (status, body) = await AgentHttp.GetAsync(from, "/peers", CancellationToken.None);
        if (status != 200)
        {
            return $"HTTP {status}";
        }
        return JsonNode.Parse(body)!["peers"]!.AsArray().Single(p => (string)p!["node"]! == to.Name)!["state"]!.GetValue<string>();
    }

    private static async Task<bool> UntilAsync(Func<Task<bool>> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < ProbeBound)
        {
            if (await condition())
            {
                return true;
            }
            await Task.Delay(250);
        }
        return await condition();
    }

    /// <summary>The rules of an nft table as nft's JSON prints them (the oracle), empty when the table does not exist.</summary>
    private static async Task<IReadOnlyList<string>> NftTableAsync(string ns, string table)
    {
        var result = await ProcessRunner.RunAsync("ip", Netns.Exec(ns, "nft", "-j", "list", "table", "inet", table), TimeSpan.FromSeconds(10), CancellationToken.None);
        if (!result.Ok)
        {
            return [];
        }
        return [.. JsonNode.Parse(result.Stdout)!["nftables"]!.AsArray().Where(n => n!["rule"] is not null).Select(n => n!["rule"]!.ToJsonString())];
    }
}
