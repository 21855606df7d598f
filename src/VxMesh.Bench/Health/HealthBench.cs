using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using VxMesh.Agent.Probing;
using VxMesh.Core.Rendering;
using VxMesh.Lab.Churn;
using VxMesh.Lab.Runtime;

namespace VxMesh.Bench.Health;

/// <summary>
/// Overlay probe health in a running lab, with its real agents. First the RTT figure: every agent's
/// last probe RTT to every peer beside the underlay ping RTT of the same pair, in the same run. Then
/// K times: break the path between the first node and the first node of another cluster
/// (`lab path break`), read both ends' /peers every <see cref="Poll"/> until each says the other is
/// down, restore it and read until both say up. A timing runs from the moment just before the first
/// nft command to the later of the two ends' own <c>since</c> for the new state (the agents and this
/// process read the same system clock), so the poll adds nothing to it; the nft command's run is in
/// it, which errs long. The lab is left as it was (the path restored, also on failure).
/// </summary>
public static class HealthBench
{
    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);

    public static async Task<HealthResult> RunAsync(string lab, int repeats, IProgress<string> progress, CancellationToken cancel)
    {
        var paths = LabPaths.For(lab);
        var state = LabState.Require(lab, paths);
        var a = state.Nodes[0];
        var b = state.Nodes.FirstOrDefault(n => n.Cluster != a.Cluster)
            ?? throw new LabInputException($"lab {lab} has one cluster; bench health breaks a path between two clusters");
        var first = await ViewAsync(a, cancel) ?? throw new LabException($"the agent of {a.Name} does not serve /peers (is it probing?)");
        var (probe, underlay) = await RttAsync(state, cancel);
        progress.Report($"RTT: {probe.Count} probe paths read; breaking {a.Name} <-> {b.Name} {repeats} times");
        var (detection, recovery) = (new List<double>(), new List<double>());
        try
        {
            for (var i = 0; i < repeats; i++)
            {
                await UntilAsync(a, b, PathHealth.Up, cancel);
                var broke = await PathFault.BreakAsync(lab, a.Name, b.Name, cancel);
                detection.Add((await UntilAsync(a, b, PathHealth.Down, cancel) - broke.StartedAt).TotalMilliseconds);
                var healed = await PathFault.RestoreAsync(lab, a.Name, b.Name, cancel);
                recovery.Add((await UntilAsync(a, b, PathHealth.Up, cancel) - healed.StartedAt).TotalMilliseconds);
                progress.Report($"{i + 1}/{repeats}: down after {detection[^1]:0} ms, up after {recovery[^1]:0} ms");
            }
        }
        finally
        {
            await PathFault.RestoreAsync(lab, a.Name, b.Name, CancellationToken.None);
        }
        return new HealthResult(lab, a.Name, b.Name, first.IntervalSeconds, first.DownAfter, first.UpAfter, Poll.TotalMilliseconds,
            detection, recovery, probe, underlay);
    }

    /// <summary>Reads both ends until each sees the other <paramref name="wanted"/>; returns the later of their two <c>since</c>.</summary>
    private static async Task<DateTimeOffset> UntilAsync(LabNodeState a, LabNodeState b, PathHealth wanted, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var (ab, ba) = (await EntryAsync(a, b, cancel), await EntryAsync(b, a, cancel));
            if (ab?.State == wanted && ba?.State == wanted)
            {
                return ab.Since > ba.Since ? ab.Since : ba.Since;
            }
            if (clock.Elapsed > StepTimeout)
            {
                throw new LabException($"the path {a.Name} <-> {b.Name} was not {wanted} within {StepTimeout.TotalSeconds:0} s: {a.Name} sees {ab?.State}, {b.Name} sees {ba?.State}");
            }
            await Task.Delay(Poll, cancel);
        }
    }

    private static async Task<PeerPathEntry?> EntryAsync(LabNodeState from, LabNodeState to, CancellationToken cancel) =>
        (await ViewAsync(from, cancel))?.Peers.FirstOrDefault(p => p.Node == to.Name);

    private static async Task<PeerPathView?> ViewAsync(LabNodeState node, CancellationToken cancel)
    {
        var (status, body) = await AgentHttp.GetAsync(node, "/peers", cancel);
        return status == 200 ? JsonSerializer.Deserialize<PeerPathView>(body, JsonFormat.Options) : null;
    }

    /// <summary>Per directed pair: the agent's last probe RTT, and the median of 10 underlay pings between the same two nodes.</summary>
    private static async Task<(List<double> Probe, List<double> Underlay)> RttAsync(LabState state, CancellationToken cancel)
    {
        var (probe, underlay) = (new List<double>(), new List<double>());
        foreach (var node in state.Nodes)
        {
            var view = await ViewAsync(node, cancel);
            foreach (var peer in view?.Peers ?? [])
            {
                if (peer.RttMs is not { } rtt || state.FindNode(peer.Node) is not { } other)
                {
                    continue;
                }
                probe.Add(rtt);
                var ping = await ProcessRunner.RunAsync("ip", Netns.Exec(node.Namespace, "ping", "-n", "-c", "10", "-i", "0.02", "-W", "1", other.Ip.ToString()),
                    TimeSpan.FromSeconds(10), cancel);
                var times = ping.Stdout.Split('\n').Select(l => l.IndexOf("time=", StringComparison.Ordinal) is var at and >= 0 ? l[(at + 5)..].Split(' ')[0] : null)
                    .OfType<string>().Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToList();
                if (times.Count > 0)
                {
                    underlay.Add(Stats.Median(times));
                }
            }
        }
        return (probe, underlay);
    }
}
