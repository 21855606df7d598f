using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using VxMesh.Agent.Dataplane;
using VxMesh.Agent.Registry;
using VxMesh.Agent.Runtime;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;
using VxMesh.Lab.Runtime;

namespace VxMesh.Bench.ControlPlane;

/// <summary>
/// Programs a fresh namespace with N synthetic peers three ways per repeat — iproute2 batch files,
/// the kernel's floor (pre-encoded messages in maximal batches), and the agent (the real NodeAgent
/// over rtnetlink, in this process) — then times one-peer joins and leaves on the converged agent
/// as registry deltas, and finally runs the real agent process for its memory, start and restart.
/// All paths run in the same process run on the same machine, so the ratios are meaningful even on
/// a noisy host. Namespaces are named vxbench-* and always removed, also on failure.
/// </summary>
public static class ControlPlaneBench
{
    private const int WarmupEvents = 50;
    private static readonly TimeSpan BatchTimeout = TimeSpan.FromMinutes(5);

    /// <param name="events">Timed joins (and leaves) on the converged agent, in the first repeat.</param>
    /// <param name="agent">The CLI to run as a real agent process; null skips that part.</param>
    public static async Task<ControlPlaneResult> RunAsync(int peers, int repeats, int events, AgentProgram? agent, IProgress<string> progress, CancellationToken cancel)
    {
        var inventory = SyntheticMesh.Build(peers);
        var state = Planner.Plan(inventory, SyntheticMesh.Self, new NodeFacts("eth0", 1500));
        var (agentMs, batchMs, floorMs) = (new List<double>(), new List<double>(), new List<double>());
        var (joinMs, leaveMs) = (new List<double>(), new List<double>());
        for (var r = 1; r <= repeats; r++)
        {
            progress.Report($"repeat {r}/{repeats}: ip -batch with {peers} peers");
            batchMs.Add(await WithNamespaceAsync(ns => TimeBatchAsync(ns, state, cancel), cancel));
            progress.Report($"repeat {r}/{repeats}: the kernel's floor (pre-encoded messages)");
            floorMs.Add(await WithNamespaceAsync(ns => FloorReplay.TimeAsync(ns, state, cancel), cancel));
            progress.Report($"repeat {r}/{repeats}: agent with {peers} peers" + (r == 1 ? $", then {events} joins and leaves" : ""));
            await WithNamespaceAsync(ns =>
            {
                var (full, joins, leaves) = TimeAgent(ns, inventory, r == 1 ? events : 0);
                agentMs.Add(full);
                joinMs.AddRange(joins);
                leaveMs.AddRange(leaves);
                return Task.FromResult(0.0);
            }, cancel);
        }
        AgentProcessReport? process = null;
        if (agent is not null)
        {
            progress.Report($"the real agent process with {peers} peers: start, RSS, restart");
            process = await WithNamespaceAsync(async ns => await AgentProcessProbe.RunAsync(ns, inventory, agent, ProbeResyncSeconds(peers), progress, cancel), cancel);
        }
        var entries = state.Neighbors.Count + state.Fdb.Count + state.Routes.Count + state.Routes.Select(r => r.Gateway).Distinct().Count();
        var (a, b, f) = (Stats.Median(agentMs), Stats.Median(batchMs), Stats.Median(floorMs));
        return new ControlPlaneResult(peers, repeats, entries, a, b, f, Round(a / b), Round(a / f), Round(b / f), joinMs.Count,
            Stats.Median(joinMs), Stats.Median(leaveMs), Stats.Percentile(joinMs, 99), Stats.Percentile(leaveMs, 99), process,
            agentMs, batchMs, floorMs, joinMs.Select(Round).ToList(), leaveMs.Select(Round).ToList());
    }

    /// <summary>Resyncs often enough to sample a few within a minute, not so often that one runs into the next.</summary>
    private static double ProbeResyncSeconds(int peers) => Math.Max(2, peers / 5_000.0);

    private static double Round(double v) => Math.Round(v, 4);

    private static (double Full, List<double> Joins, List<double> Leaves) TimeAgent(string ns, Inventory inventory, int events)
    {
        using var dataplane = NetlinkDataplane.OpenInNamespace(ns);
        var agent = new NodeAgent(dataplane, SyntheticMesh.Self, NullLogger.Instance);
        var clock = Stopwatch.StartNew();
        var first = agent.Reconcile(new InventorySnapshot(inventory, []) { Version = 0 }).Report;
        var full = clock.Elapsed.TotalMilliseconds;
        if (!first.Converged)
        {
            throw new InvalidOperationException($"the agent's first reconcile did not converge ({first.Failures.Count} failures); the measurement would be meaningless");
        }
        if (events == 0)
        {
            return (full, [], []);
        }
        long version = 0;
        // A fresh agent runs unoptimised (tier-0) code for its first events; the one that has run for days does not.
        PeerEvents.Time(agent, inventory, ref version, WarmupEvents);
        var (joins, leaves) = PeerEvents.Time(agent, inventory, ref version, events);
        return (full, joins, leaves);
    }

    private static async Task<double> TimeBatchAsync(string ns, NodeState state, CancellationToken cancel)
    {
        var ip = BatchBaseline.IpBatch(state);
        var bridge = BatchBaseline.BridgeBatch(state);
        var nft = BatchBaseline.NftScript(state);
        var clock = Stopwatch.StartNew();
        await ProcessRunner.RunCheckedAsync("ip -batch baseline", "ip", ["-n", ns, "-batch", "-"], BatchTimeout, cancel, ip);
        await ProcessRunner.RunCheckedAsync("bridge -batch baseline", "ip", Netns.Exec(ns, "bridge", "-batch", "-"), BatchTimeout, cancel, bridge);
        await ProcessRunner.RunCheckedAsync("nft -f baseline", "ip", Netns.Exec(ns, "nft", "-f", "-"), BatchTimeout, cancel, nft);
        return clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>A fresh namespace whose eth0 holds self's underlay address; removed afterwards whatever happens.</summary>
    private static async Task<T> WithNamespaceAsync<T>(Func<string, Task<T>> body, CancellationToken cancel)
    {
        var ns = $"vxbench-{Guid.NewGuid().ToString("N")[..8]}";
        await Netns.CreateAsync([ns], cancel);
        try
        {
            await ProcessRunner.RunCheckedAsync("bench underlay", "ip", ["-n", ns, "-batch", "-"], BatchTimeout, cancel,
                $"link set lo up\nlink add eth0 type veth peer name eth0p\naddr add {SyntheticMesh.SelfUnderlay} dev eth0\nlink set eth0p up\nlink set eth0 up\n");
            return await body(ns);
        }
        finally
        {
            // `ip netns del` returns at once and the kernel tears 40,000 entries down in the background,
            // slowing whatever is measured next. Deleting the device first does that work here, untimed.
            await ProcessRunner.RunAsync("ip", ["-n", ns, "link", "del", SyntheticMesh.Device], BatchTimeout, CancellationToken.None);
            await Netns.DeleteAsync([ns], CancellationToken.None);
        }
    }
}
