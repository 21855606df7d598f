using System.Diagnostics;
using VxMesh.Lab.Runtime;

namespace VxMesh.Lab.Churn;

/// <param name="Mode">rm (graceful) or crash.</param>
/// <param name="AgentWasRunning">False when the agent had already died: then even rm leaves the node to its lease TTL.</param>
/// <param name="StoppedAt">When the agent got SIGTERM (rm) or SIGKILL (crash).</param>
/// <param name="DeregisteredAt">When the agent logged its deregistration; null for crash, or when it could not.</param>
/// <param name="GoneAt">rm: when the last peer's kernel had dropped the node's routes (at most one poll late); null for crash.</param>
public sealed record NodeRemoveReport(
    string Lab, string Node, string Mode, bool AgentWasRunning, int Peers, int LeaseTtlSeconds,
    DateTimeOffset StoppedAt, DateTimeOffset? DeregisteredAt, DateTimeOffset? GoneAt)
{
    public bool Deregistered => DeregisteredAt is not null;

    /// <summary>SIGTERM → gone from every peer.</summary>
    public double? GoneMs => GoneAt is { } g ? Math.Max(0, (g - StoppedAt).TotalMilliseconds) : null;
}

/// <summary>
/// `lab node rm` and `lab node crash`. rm is a node leaving properly: SIGTERM its agent, which
/// deregisters (peers drop the node at once), then remove its namespaces, and wait (bounded)
/// until no peer routes to it. crash is a machine dying: SIGKILL the agent and delete its
/// namespaces at once; its registration stays until the lease TTL runs out, and until then
/// peers keep routing to a node that is gone — which is what the TTL trade-off is about.
/// </summary>
public sealed class LabNodeRemove(ILabLog log)
{
    /// <summary>Deregistering is one etcd transaction and a revoke, each with a 5 s deadline in the agent.</summary>
    private static readonly TimeSpan AgentExitGrace = TimeSpan.FromSeconds(12);

    public bool WaitForMesh { get; init; } = true;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    public async Task<NodeRemoveReport> RunAsync(string lab, string name, bool crash, CancellationToken cancel)
    {
        using var hold = ExitGuard.Hold();
        using var session = await LabSession.OpenAsync(lab, cancel);
        var registry = session.RequireEtcd(crash ? "lab node crash" : "lab node rm");
        var topology = session.Topology();
        var node = session.RequireNode(name);
        var peers = session.State.Nodes.Where(n => n.Cluster != node.Cluster).ToList();
        var pid = AgentLauncher.RunningPid(session.Paths, name);
        var stopped = DateTimeOffset.Now;
        var clock = Stopwatch.StartNew();
        if (pid is { } p)
        {
            if (crash)
            {
                await ProcessStopper.KillAsync([p], cancel);
            }
            else if (!await ProcessStopper.StopAsync([p], AgentExitGrace, cancel))
            {
                log.Step($"  the agent of {name} did not exit within {AgentExitGrace.TotalSeconds:0} s and was killed");
            }
        }
        var deregistered = crash ? null : AgentLog.FirstAfter(session.Paths, name, AgentLog.Deregistered, stopped, TimeProvider.System);
        // Peers are watched while the node is being dismantled (their namespaces are not touched), so
        // the time they took is not hidden behind the teardown's own.
        Task<DateTimeOffset>? gone = null;
        if (!crash && WaitForMesh)
        {
            // Without a deregistration the peers can only drop it when its lease runs out.
            var limit = deregistered is null ? Timeout + TimeSpan.FromSeconds(registry.LeaseTtlSeconds) : Timeout;
            var blocks = node.Blocks.ToHashSet();
            gone = MeshWait.UntilAsync(peers.Select(n => new RouteExpectation(n.Name, n.Namespace, blocks, Present: false)).ToList(),
                limit, $"node {name} to leave every peer's kernel", cancel);
        }
        await NodeTeardown.RemoveAsync(session, topology, node, cancel);
        if (!crash && session.State.Kubernetes is { } k8s)
        {
            // A node leaving for good takes its Node object along; a crashed one stays, NotReady, as a dead machine does.
            await KubernetesNode.DeleteAsync(session.Paths, k8s, node, cancel);
        }
        log.Step($"  node {name} {(crash ? "crashed" : "removed")}{"",-22}{clock.Elapsed.TotalMilliseconds,6:0} ms");
        DateTimeOffset? goneAt = gone is null ? null : await gone;
        if (goneAt is not null)
        {
            log.Step($"  gone from every peer{"",-24}{clock.Elapsed.TotalMilliseconds,6:0} ms");
        }
        return new NodeRemoveReport(lab, name, crash ? "crash" : "rm", pid is not null, peers.Count, registry.LeaseTtlSeconds,
            stopped, deregistered, goneAt);
    }
}
