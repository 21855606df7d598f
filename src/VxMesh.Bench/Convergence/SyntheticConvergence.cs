using System.Diagnostics;
using VxMesh.Agent.Registry.Etcd;
using VxMesh.Bench.ControlPlane;
using VxMesh.Lab.Registry;
using VxMesh.Lab.Runtime;

namespace VxMesh.Bench.Convergence;

/// <summary>
/// Convergence at scale with one real agent: a fresh namespace holds an etcd (on its own
/// loopback) and a real `vxmesh agent --etcd` process for node "self"; N synthetic peers are
/// registered before it starts. Then, K times, one more peer is registered and later deleted
/// through this process's own connection into the namespace, and the time from the event (as
/// this process's etcd watch sees it) to the agent's kernel holding (then dropping) the peer's
/// route is taken, with the agent's own pass time for each event from its log. Everything
/// lives in the namespace and its directory under /run/vxmesh/bench, both removed afterwards.
/// </summary>
public static class SyntheticConvergence
{
    private const string Url = "http://127.0.0.1:2379";
    private const string SelfIp = "198.18.0.1";
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan InitialTimeout = TimeSpan.FromSeconds(180);

    /// <param name="warmup">Joins and leaves done first and not timed: a freshly started agent runs unoptimised
    /// (tier-0 JIT) code for its first events, which says nothing about the one that has run for days.</param>
    public static async Task<ConvergenceResult> RunAsync(int peers, int repeats, int warmup, AgentProgram agent, IProgress<string> progress, CancellationToken cancel)
    {
        using var hold = ExitGuard.Hold();
        var mesh = SyntheticMesh.Build(peers);
        var ns = $"vxbench-{Guid.NewGuid().ToString("N")[..8]}";
        var dir = Path.Combine("/run/vxmesh/bench", ns);
        var files = new EtcdFiles(Path.Combine(dir, "etcd"), Path.Combine(dir, "etcd.pid"), Path.Combine(dir, "etcd.log"), dir);
        var agentLog = Path.Combine(dir, "agent.log");
        await Netns.CreateAsync([ns], cancel);
        try
        {
            await ProcessRunner.RunCheckedAsync("bench underlay", "ip", ["-n", ns, "-batch", "-"], Timeouts.Command, cancel,
                $"link set lo up\nlink add eth0 type veth peer name eth0p\naddr add {SyntheticMesh.SelfUnderlay} dev eth0\nlink set eth0p up\nlink set eth0 up\n");
            EtcdServer.Start(ns, Url, files);
            await EtcdServer.WaitHealthyAsync(ns, Url, files, cancel);
            using var etcd = NamespacedEtcd.Open(ns, Url);
            var keys = new RegistryKeys();
            await SyntheticRegistry.LoadAsync(etcd, keys, mesh, cancel);
            await using var watch = await RegistryWatch.StartAsync(etcd, keys.NodesPrefix, cancel);
            using var routes = new RouteWatch([ns]);

            var all = routes.Expect(r => r.Count >= peers);
            var started = Stopwatch.GetTimestamp();
            DetachedProcess.Start("the bench agent", ns, agent.Command(
                ["agent", "--etcd", Url, "--cluster", mesh.Clusters[0].Name, "--node", SyntheticMesh.Self, "--ip", SelfIp,
                 "--underlay-dev", "eth0", "--pod-cidr", mesh.Clusters[0].Nodes[0].PodCidrs[0].ToString()]),
                Path.Combine(dir, "agent.pid"), agentLog, dir);
            var initial = Stopwatch.GetElapsedTime(started, await all.WaitAsync(InitialTimeout, cancel)).TotalMilliseconds;
            progress.Report($"agent programmed {peers} peers {initial:F0} ms after it started; now {warmup} untimed and {repeats} timed joins and leaves");
            // Let the first pass's follow-ups (the device's own notifications) settle before timing anything.
            await Task.Delay(TimeSpan.FromSeconds(1), cancel);

            var (join, leave, passes) = (new List<double>(), new List<double>(), new List<double>());
            for (var i = 1 - warmup; i <= repeats; i++)
            {
                mesh = SyntheticMesh.WithExtraPeer(mesh);
                var peer = mesh.Clusters[1].Nodes[^1];
                var block = peer.PodCidrs[0];
                var key = keys.Node(mesh.Clusters[1].Name, peer.Name);

                var offset = AgentPassLog.Length(agentLog);
                var joined = routes.Expect(r => r.Contains(block));
                var since = Stopwatch.GetTimestamp();
                await etcd.PutAsync(key, SyntheticRegistry.Registration(mesh.Clusters[1].Name, peer, DateTimeOffset.UtcNow), cancel);
                var put = await watch.WaitForAsync(key, deleted: false, since, StepTimeout, cancel);
                join.Add(Stopwatch.GetElapsedTime(put, await joined.WaitAsync(StepTimeout, cancel)).TotalMilliseconds);
                passes.Add(await PassMsAsync(agentLog, offset, cancel));

                offset = AgentPassLog.Length(agentLog);
                var left = routes.Expect(r => !r.Contains(block));
                since = Stopwatch.GetTimestamp();
                await etcd.DeleteAsync(key, cancel);
                var deleted = await watch.WaitForAsync(key, deleted: true, since, StepTimeout, cancel);
                leave.Add(Stopwatch.GetElapsedTime(deleted, await left.WaitAsync(StepTimeout, cancel)).TotalMilliseconds);
                passes.Add(await PassMsAsync(agentLog, offset, cancel));
                if (i <= 0)
                {
                    (join, leave, passes) = (new List<double>(), new List<double>(), new List<double>());
                }
                else if (i % 10 == 0 || i == repeats)
                {
                    progress.Report($"{i}/{repeats}: join median {Stats.Median(join):F0} ms, leave median {Stats.Median(leave):F0} ms");
                }
            }
            return new ConvergenceResult("synthetic", null, peers, repeats, warmup, LatencySummary.Of(join), LatencySummary.Of(leave),
                LatencySummary.Of(passes), Math.Round(initial, 1));
        }
        finally
        {
            var pids = await Netns.PidsAsync(ns, CancellationToken.None);
            await ProcessStopper.StopAsync(pids, Timeouts.Stop, CancellationToken.None);
            await Netns.DeleteAsync([ns], CancellationToken.None);
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    /// <summary>The agent's pass time(s) for one event: its log line follows the kernel change by a moment, so wait a little (bounded).</summary>
    private static async Task<double> PassMsAsync(string log, long offset, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(2))
        {
            if (AgentPassLog.ChangesSince(log, offset) is { Count: > 0 } found)
            {
                return found.Sum(p => p.Ms);
            }
            await Task.Delay(10, cancel);
        }
        throw new TimeoutException($"the agent logged no pass with changes ({log})");
    }
}
