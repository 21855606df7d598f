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

    /// <summary>An address in test-cluster2's and test-cluster1's service ranges (examples/lab-seed.yaml): what the ECMP groups route.</summary>
    private const string Cluster2Service = "198.18.128.10";
    private const string Cluster1Service = "198.18.64.10";

    [Fact]
    public async Task PathBreak_BothEndsSeeEachOtherDown_WithdrawnFromEachOthersServiceGroup_RestoreBringsItBack()
    {
        var (a, b, c) = (lab.Node("multicluster-test-001"), lab.Node("multicluster-test-003"), lab.Node("multicluster-test-005"));
        Assert.True(await UntilAsync(async () => await StateAsync(a, b) == "up" && await StateAsync(b, a) == "up"), "the path was not up before the break");
        Assert.Equal(2, await Kernel.ServiceGroupSizeAsync(a.Namespace, Cluster2Service));
        Assert.Equal(2, await Kernel.ServiceGroupSizeAsync(b.Namespace, Cluster1Service));
        var clock = Stopwatch.StartNew();
        try
        {
            await PathFault.BreakAsync(lab.Name, a.Name, b.Name, CancellationToken.None);

            var table = await NftTableAsync(a.Namespace, PathFault.TableName(b.Name));
            Assert.Contains(table, r => r.Contains($"\"right\":\"{b.Ip}\"", StringComparison.Ordinal) && r.Contains("\"drop\"", StringComparison.Ordinal));
            Assert.True(await UntilAsync(async () => await StateAsync(a, b) == "down" && await StateAsync(b, a) == "down"),
                $"not down on both ends: {a.Name} sees {await StateAsync(a, b)}, {b.Name} sees {await StateAsync(b, a)}");
            output.WriteLine($"path break: down on both ends after {clock.Elapsed.TotalSeconds:F1} s");
            // Prometheus (scraping every 2 s) shows exactly the two directed paths down, each from the agent at its end.
            Assert.True(await UntilAsync(async () => (await DownInPrometheusAsync()).SetEquals([(a.Name, b.Name), (b.Name, a.Name)])),
                $"prometheus has down: {string.Join(", ", await DownInPrometheusAsync())}");
            Assert.Equal("up", await StateAsync(a, c));
            Assert.Equal("up", await StateAsync(b, c));

            // Each end takes the other out of that cluster's service group; the other member stays, and so do the pod routes.
            Assert.True(await UntilAsync(async () => await Kernel.ServiceGroupSizeAsync(a.Namespace, Cluster2Service) == 1
                && await Kernel.ServiceGroupSizeAsync(b.Namespace, Cluster1Service) == 1), "the down peers were not withdrawn from the service groups");
            Assert.Equal(2, await Kernel.ServiceGroupSizeAsync(c.Namespace, Cluster2Service));
            Assert.NotEmpty(await Kernel.IpJsonAsync(a.Namespace, "route", "show", "proto", "118", b.Blocks[0].ToString()));
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
        Assert.True(await UntilAsync(async () => (await DownInPrometheusAsync()).Count == 0), $"prometheus still has down: {string.Join(", ", await DownInPrometheusAsync())}");
        Assert.True(await UntilAsync(async () => await Kernel.ServiceGroupSizeAsync(a.Namespace, Cluster2Service) == 2
            && await Kernel.ServiceGroupSizeAsync(b.Namespace, Cluster1Service) == 2), "the peers did not come back into the service groups");
    }

    /// <summary>
    /// iperf3 at full rate over the overlay path between two nodes' pods for 10 s, while both ends'
    /// probes are read every 200 ms: the path is never seen down (a down state lasts at least
    /// UpAfter answers, 2 s at the defaults, so no flap falls between two reads).
    /// </summary>
    [Fact]
    public async Task SaturatedPath_Iperf3AtFullRate_NeverDown()
    {
        var (a, b) = (lab.Node("multicluster-test-001"), lab.Node("multicluster-test-003"));
        var (client, server) = (lab.State.Pods.First(p => p.Node == a.Name), lab.State.Pods.First(p => p.Node == b.Name));
        Assert.True(await UntilAsync(async () => await StateAsync(a, b) == "up" && await StateAsync(b, a) == "up"), "the path was not up before the load");
        using var stop = new CancellationTokenSource();
        var listening = ProcessRunner.RunAsync("ip", Netns.Exec(server.Namespace, "iperf3", "-s", "-1", "-p", "5299"), TimeSpan.FromSeconds(60), stop.Token);
        try
        {
            var load = RunIperfAsync(client, server);
            var seen = new List<string>();
            while (!load.IsCompleted)
            {
                seen.Add($"{await StateAsync(a, b)}/{await StateAsync(b, a)}");
                await Task.WhenAny(load, Task.Delay(200));
            }
            var report = JsonNode.Parse((await load).Stdout)!;
            var bitsPerSecond = report["end"]?["sum_received"]?["bits_per_second"]?.GetValue<double>() ?? 0;
            output.WriteLine($"iperf3 {client.Name} -> {server.Name}: {bitsPerSecond / 1e9:F2} Gbit/s; {seen.Count} reads: {string.Join(' ', seen.Distinct())}");

            Assert.True(bitsPerSecond > 0, $"iperf3 moved nothing: {report.ToJsonString()[..Math.Min(400, report.ToJsonString().Length)]}");
            Assert.True(seen.Count >= 20, $"only {seen.Count} reads during the load");
            Assert.DoesNotContain(seen, s => s.Contains("down", StringComparison.Ordinal));
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAny(listening, Task.Delay(TimeSpan.FromSeconds(5)));
        }
    }

    /// <summary>The iperf3 client (4 streams, 10 s, JSON), retried while the server is not listening yet.</summary>
    private static async Task<ProcessResult> RunIperfAsync(LabPodState client, LabPodState server)
    {
        for (var attempt = 1; ; attempt++)
        {
            var run = await ProcessRunner.RunAsync("ip", Netns.Exec(client.Namespace, "iperf3", "-c", server.Ip.ToString(), "-p", "5299", "-t", "10", "-P", "4", "-J"),
                TimeSpan.FromSeconds(40), CancellationToken.None);
            if (run.Ok || attempt == 20)
            {
                Assert.True(run.Ok, $"iperf3 {client.Name} -> {server.Name}: {run.Stdout[..Math.Min(400, run.Stdout.Length)]} {run.Stderr}");
                return run;
            }
            await Task.Delay(100);
        }
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
