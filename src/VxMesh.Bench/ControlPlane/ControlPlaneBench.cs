using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using VxMesh.Agent.Dataplane;
using VxMesh.Agent.Runtime;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;
using VxMesh.Lab.Runtime;

namespace VxMesh.Bench.ControlPlane;

/// <summary>
/// Programs a fresh namespace with N synthetic peers twice per repeat — once through the agent
/// (the real NodeAgent over rtnetlink), once through iproute2 batch files — and then measures
/// single-peer joins and leaves on the converged agent node. Both paths run in the same
/// process run on the same machine, so the ratio is meaningful even on a noisy host.
/// Namespaces are named vxbench-* and always removed, also on failure.
/// </summary>
public static class ControlPlaneBench
{
    private const int ChangesPerRepeat = 5;
    private static readonly TimeSpan BatchTimeout = TimeSpan.FromMinutes(5);

    public static async Task<ControlPlaneResult> RunAsync(int peers, int repeats, IProgress<string> progress, CancellationToken cancel)
    {
        var inventory = SyntheticMesh.Build(peers);
        var state = Planner.Plan(inventory, SyntheticMesh.Self, new NodeFacts("eth0", 1500));
        var agentMs = new List<double>();
        var batchMs = new List<double>();
        var joinMs = new List<double>();
        var leaveMs = new List<double>();
        for (var r = 1; r <= repeats; r++)
        {
            progress.Report($"repeat {r}/{repeats}: ip -batch with {peers} peers");
            batchMs.Add(await WithNamespaceAsync(ns => TimeBatchAsync(ns, state, cancel), cancel));
            progress.Report($"repeat {r}/{repeats}: agent with {peers} peers");
            await WithNamespaceAsync(ns =>
            {
                var (full, joins, leaves) = TimeAgent(ns, inventory);
                agentMs.Add(full);
                joinMs.AddRange(joins);
                leaveMs.AddRange(leaves);
                return Task.FromResult(0.0);
            }, cancel);
        }
        var entries = state.Neighbors.Count + state.Fdb.Count + state.Routes.Count + state.Routes.Select(r => r.Gateway).Distinct().Count();
        return new ControlPlaneResult(peers, repeats, entries,
            Stats.Median(agentMs), Stats.Median(batchMs), Stats.Median(agentMs) / Stats.Median(batchMs),
            Stats.Median(joinMs), Stats.Median(leaveMs), agentMs, batchMs, joinMs, leaveMs);
    }

    private static (double Full, List<double> Joins, List<double> Leaves) TimeAgent(string ns, Inventory inventory)
    {
        using var dataplane = NetlinkDataplane.OpenInNamespace(ns);
        var agent = new NodeAgent(dataplane, SyntheticMesh.Self, NullLogger.Instance);
        var clock = Stopwatch.StartNew();
        var first = agent.Reconcile(inventory).Report;
        var full = clock.Elapsed.TotalMilliseconds;
        EnsureConverged(first.Converged, "the agent's first reconcile");

        var joins = new List<double>();
        var leaves = new List<double>();
        var grown = SyntheticMesh.WithExtraPeer(inventory);
        for (var i = 0; i < ChangesPerRepeat; i++)
        {
            // ARP + FDB + nexthop + route, and the ingress filter's peer set.
            joins.Add(TimeChange(agent, grown, expectedChanges: 5));
            leaves.Add(TimeChange(agent, inventory, expectedChanges: 5));
        }
        return (full, joins, leaves);
    }

    private static double TimeChange(NodeAgent agent, Inventory inventory, int expectedChanges)
    {
        var clock = Stopwatch.StartNew();
        var report = agent.Reconcile(inventory).Report;
        var elapsed = clock.Elapsed.TotalMilliseconds;
        EnsureConverged(report.Converged && report.Changes == expectedChanges, $"a one-peer change ({report.Changes} changes)");
        return elapsed;
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
    private static async Task<double> WithNamespaceAsync(Func<string, Task<double>> body, CancellationToken cancel)
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

    private static void EnsureConverged(bool ok, string what)
    {
        if (!ok)
        {
            throw new InvalidOperationException($"{what} did not converge; the measurement would be meaningless");
        }
    }
}
