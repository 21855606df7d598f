using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using VxMesh.Agent.Dataplane;
using VxMesh.Agent.Registry;
using VxMesh.Agent.Runtime;
using VxMesh.Bench.ControlPlane;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;
using VxMesh.Lab.Runtime;
using VxMesh.Netlink;
using Netns = VxMesh.Lab.Runtime.Netns;

namespace VxMesh.Bench.Drift;

/// <summary>
/// Runs the real agent loop (netlink dataplane + change feed) on a synthetic node in a fresh
/// namespace, then plays a foreign actor: one random tampering at a time through iproute2
/// (route deleted, neighbour MAC changed, FDB entry deleted, the device deleted), timing how
/// long until the kernel holds the planned entry again. A foreign route on our device and one
/// on the underlay are planted first and must survive every repair.
/// </summary>
public static class DriftBench
{
    private static readonly TimeSpan RepairBudget = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(10);

    public static async Task<DriftResult> RunAsync(int tamperings, int peers, int seed, IProgress<string> progress, CancellationToken cancel)
    {
        var inventory = SyntheticMesh.Build(peers);
        var ns = $"vxbench-{Guid.NewGuid().ToString("N")[..8]}";
        await Netns.CreateAsync([ns], cancel);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        Task? loop = null;
        try
        {
            await ProcessRunner.RunCheckedAsync("drift underlay", "ip", ["-n", ns, "-batch", "-"], GiveUp, cancel,
                $"link set lo up\nlink add eth0 type veth peer name eth0p\naddr add {SyntheticMesh.SelfUnderlay} dev eth0\nlink set eth0p up\nlink set eth0 up\n");
            using var dataplane = NetlinkDataplane.OpenInNamespace(ns);
            using var feed = dataplane.OpenFeed(SyntheticMesh.Device);
            using var source = new StaticInventorySource(inventory);
            var agent = new NodeAgent(dataplane, SyntheticMesh.Self, NullLogger.Instance);
            loop = Task.Run(() => new AgentLoop(source, agent, AgentOptions.Default, NullLogger.Instance, feed).RunAsync(stop.Token), stop.Token);

            var state = Planner.Plan(inventory, SyntheticMesh.Self, new NodeFacts("eth0", 1500));
            using var probe = RtnlClient.OpenInNamespace(ns);
            await WaitAsync(() => Repaired(probe, state, "device"), GiveUp, "the agent's first reconcile", cancel);
            await PlantAsync(ns, ForeignOnDevice, cancel);
            await PlantAsync(ns, ForeignOnUnderlay, cancel);
            var foreignUntouched = true;

            var random = new Random(seed);
            var times = new List<double>();
            var byKind = new Dictionary<string, int>();
            for (var i = 1; i <= tamperings; i++)
            {
                var tampering = Tampering.Pick(state, random);
                byKind[tampering.Kind] = byKind.GetValueOrDefault(tampering.Kind) + 1;
                var clock = Stopwatch.StartNew();
                await ProcessRunner.RunCheckedAsync("tampering", tampering.Bridge ? "bridge" : "ip", ["-n", ns, .. tampering.Command], GiveUp, cancel);
                await WaitAsync(() => Repaired(probe, state, tampering.Kind), GiveUp, $"repair of '{tampering}'", cancel);
                times.Add(clock.Elapsed.TotalMilliseconds);
                if (tampering.Kind == "device")
                {
                    // The foreign route on our device went with the device (the tamperer's doing): plant it again.
                    await PlantAsync(ns, ForeignOnDevice, cancel);
                }
                else
                {
                    foreignUntouched &= await PresentAsync(ns, ForeignOnDevice[0], cancel) && await PresentAsync(ns, ForeignOnUnderlay[0], cancel);
                }
                if (i % 100 == 0)
                {
                    progress.Report($"{i}/{tamperings} tamperings repaired, median {Stats.Median(times):F0} ms");
                }
            }
            return new DriftResult(tamperings, peers, seed, Stats.Median(times), Stats.Percentile(times, 99), times.Count == 0 ? 0 : times.Max(),
                times.Count(t => t > RepairBudget.TotalMilliseconds), foreignUntouched, byKind);
        }
        finally
        {
            await stop.CancelAsync();
            if (loop is not null)
            {
                await loop.ContinueWith(_ => { }, TaskScheduler.Default);
            }
            await Netns.DeleteAsync([ns], CancellationToken.None);
        }
    }

    /// <summary>Someone else's routes: one on our device with another protocol, one on the underlay.</summary>
    private static readonly string[] ForeignOnDevice = ["203.0.113.0/24", "dev", SyntheticMesh.Device, "proto", "static"];
    private static readonly string[] ForeignOnUnderlay = ["198.51.100.0/24", "via", "198.18.0.2", "dev", "eth0", "proto", "static"];

    private static async Task PlantAsync(string ns, string[] route, CancellationToken cancel) =>
        await ProcessRunner.RunCheckedAsync("foreign route", "ip", ["-n", ns, "route", "replace", .. route], GiveUp, cancel);

    /// <summary>Checked with iproute2 itself, not our own dump code.</summary>
    private static async Task<bool> PresentAsync(string ns, string destination, CancellationToken cancel) =>
        (await ProcessRunner.RunAsync("ip", ["-n", ns, "route", "show", destination, "proto", "static"], GiveUp, cancel)).Stdout.Contains(destination);

    private static bool Repaired(RtnlClient probe, NodeState state, string kind)
    {
        var routes = probe.GetRoutes(state.Routes[0].Gateway.AddressFamily)
            .Where(r => r.Protocol == Ownership.RouteProtocol && r.NexthopId is not null).Select(r => r.Destination).ToHashSet();
        if (!state.Routes.All(r => routes.Contains(r.Destination)))
        {
            return false;
        }
        var link = probe.GetLink(state.Device.Name);
        if (link is null || kind == "route")
        {
            return link is not null;
        }
        var neighbors = probe.GetNeighbors(state.Neighbors[0].Ip.AddressFamily, link.Index)
            .Where(n => n.IsPermanent).ToDictionary(n => n.Ip, n => n.Mac);
        var fdb = probe.GetFdb(link.Index).Where(f => f.Dst is not null).Select(f => (f.Mac, f.Dst)).ToHashSet();
        return state.Neighbors.All(n => neighbors.TryGetValue(n.Ip, out var mac) && Equals(mac, n.Mac))
            && state.Fdb.All(f => fdb.Contains((f.Mac, f.Destination)));
    }

    private static async Task WaitAsync(Func<bool> done, TimeSpan limit, string what, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        while (!done())
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"{what} did not happen within {limit.TotalSeconds:0} s");
            }
            await Task.Delay(2, cancel);
        }
    }
}
