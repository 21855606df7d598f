using System.Diagnostics;
using VxMesh.Agent.Registry.Etcd;
using VxMesh.Lab.Churn;
using VxMesh.Lab.Runtime;
using VxMesh.Lab.Topology;

namespace VxMesh.Bench.Convergence;

/// <summary>
/// Convergence with real agents in a running etcd lab: a temporary node joins (`lab node add`:
/// its own agent discovers itself and registers) and leaves (`lab node rm`: SIGTERM, its agent
/// deregisters), K times. Each time, the registry event is stamped as this process's etcd watch
/// sees it, and the kernels of every node in the other clusters are watched until the last of
/// them holds (then no longer holds) the node's block. The lab is left as it was.
/// </summary>
public static class LabConvergence
{
    public const string NodeName = "bench-conv";
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);

    /// <param name="warmup">Joins and leaves done first and not timed (the peers' agents run their first events on unoptimised code).</param>
    public static async Task<ConvergenceResult> RunAsync(string lab, int repeats, int warmup, AgentProgram agent, IProgress<string> progress, CancellationToken cancel)
    {
        var paths = LabPaths.For(lab);
        var state = LabState.Require(lab, paths);
        var registry = state.Registry ?? throw new LabInputException(
            $"lab {lab} runs in file mode; convergence needs an etcd lab (`vxmesh lab up ... --registry etcd`)");
        var remover = new LabNodeRemove(new SilentLabLog()) { WaitForMesh = false };
        if (state.FindNode(NodeName) is not null)
        {
            // Left by an interrupted run.
            await remover.RunAsync(lab, NodeName, crash: false, cancel);
            state = LabState.Load(paths)!;
        }
        var topology = LabLoader.LoadFile(paths.Inventory, lab).Topology ?? throw new LabException($"cannot read lab {lab}'s topology {paths.Inventory}");
        var slot = BenchNodeSlot.Pick(topology, state);
        var peers = state.Nodes.Where(n => n.Cluster != slot.Cluster).ToList();
        var keys = new RegistryKeys();
        var key = keys.Node(slot.Cluster, NodeName);
        progress.Report($"node {NodeName} ({slot.Cluster}, {slot.Ip}, {slot.Block}) joins and leaves {warmup} + {repeats} times (the first {warmup} untimed); {peers.Count} peers watched");

        // The lab's etcd speaks TLS with client certificates; the bench reads as the admin.
        var admin = registry.Pki(paths) is { } pki
            ? new EtcdCredentials { CaFile = pki.CaCert, CertFile = pki.Cert(Core.Security.RegistryUserNames.Admin), KeyFile = pki.Key(Core.Security.RegistryUserNames.Admin) }
            : null;
        using var etcd = NamespacedEtcd.Open(registry.Namespace, registry.ClientUrl, admin);
        await using var watch = await RegistryWatch.StartAsync(etcd, keys.NodesPrefix, cancel);
        using var routes = new RouteWatch(peers.Select(p => p.Namespace).ToList());
        var adder = new LabNodeAdd(agent, new SilentLabLog()) { WaitForMesh = false };
        var request = new NodeRequest(NodeName, slot.Cluster, slot.Ip.ToString(), [slot.Block.ToString()], 1);
        var (join, leave) = (new List<double>(), new List<double>());
        try
        {
            for (var i = 1 - warmup; i <= repeats; i++)
            {
                var joined = routes.Expect(r => r.Contains(slot.Block));
                var since = Stopwatch.GetTimestamp();
                await adder.RunAsync(lab, request, cancel);
                var registered = await watch.WaitForAsync(key, deleted: false, since, StepTimeout, cancel);
                join.Add(Stopwatch.GetElapsedTime(registered, await joined.WaitAsync(StepTimeout, cancel)).TotalMilliseconds);

                var left = routes.Expect(r => !r.Contains(slot.Block));
                since = Stopwatch.GetTimestamp();
                await remover.RunAsync(lab, NodeName, crash: false, cancel);
                var deregistered = await watch.WaitForAsync(key, deleted: true, since, StepTimeout, cancel);
                leave.Add(Stopwatch.GetElapsedTime(deregistered, await left.WaitAsync(StepTimeout, cancel)).TotalMilliseconds);
                progress.Report(i <= 0 ? $"warm-up: join {join[^1]:F0} ms, leave {leave[^1]:F0} ms" : $"{i}/{repeats}: join {join[^1]:F0} ms, leave {leave[^1]:F0} ms");
                if (i <= 0)
                {
                    (join, leave) = (new List<double>(), new List<double>());
                }
            }
        }
        finally
        {
            if (LabState.Load(paths)?.FindNode(NodeName) is not null)
            {
                await remover.RunAsync(lab, NodeName, crash: false, CancellationToken.None);
            }
        }
        return new ConvergenceResult("lab", lab, peers.Count, repeats, warmup, LatencySummary.Of(join), LatencySummary.Of(leave), null, null);
    }
}
