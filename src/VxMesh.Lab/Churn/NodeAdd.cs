using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;
using VxMesh.Lab.Layout;
using VxMesh.Lab.Runtime;
using VxMesh.Lab.Scripts;
using VxMesh.Lab.Topology;

namespace VxMesh.Lab.Churn;

/// <param name="Peers">Nodes of other clusters: the ones whose agents must route to the new node's blocks.</param>
/// <param name="RegisteredAt">When its agent registered (its own log); null when that line never came.</param>
/// <param name="PeersConvergedAt">When the last peer's kernel held the node's blocks, at most one poll (50 ms) late.</param>
/// <param name="ReadyAt">When its own kernel also held its routes to every other cluster (its agent's first pass, after a cold start).</param>
public sealed record NodeAddReport(
    string Lab, string Node, string Cluster, IPAddress Ip, IReadOnlyList<IPNetwork> Blocks, IReadOnlyList<string> Pods,
    int Peers, double BuildMs, DateTimeOffset? RegisteredAt, DateTimeOffset? PeersConvergedAt, DateTimeOffset? ReadyAt)
{
    /// <summary>Registration → every peer programmed (an upper bound: the last poll's time).</summary>
    public double? ConvergenceMs => Since(PeersConvergedAt);

    /// <summary>Registration → every kernel, its own included: from here on `verify` passes.</summary>
    public double? ReadyMs => Since(ReadyAt);

    private double? Since(DateTimeOffset? at) => RegisteredAt is { } r && at is { } t ? Math.Max(0, (t - r).TotalMilliseconds) : null;
}

/// <summary>
/// `lab node add`: a node joins a running etcd lab the way a new machine joins a cluster. The lab
/// builds what the machine and its CNI would have (namespace, underlay port on its segment, pods
/// with nginx, the CNI's routes on the other nodes of its cluster) and starts its agent with no
/// node list: the agent discovers its address and blocks and registers itself, and the other
/// clusters' agents program it from the registry. Then (bounded) it waits until every kernel
/// shows the node and its nginx answers. A failure while building removes what was built.
/// </summary>
public sealed partial class LabNodeAdd(AgentProgram agent, ILabLog log)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>False returns once the agent is started (the convergence bench times the mesh itself).</summary>
    public bool WaitForMesh { get; init; } = true;

    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    [GeneratedRegex("^veth-n([0-9]+)$")]
    private static partial Regex FabricPortPattern();

    public async Task<NodeAddReport> RunAsync(string lab, NodeRequest request, CancellationToken cancel)
    {
        using var hold = ExitGuard.Hold();
        using var session = await LabSession.OpenAsync(lab, cancel);
        session.RequireEtcd("lab node add");
        var topology = session.Topology();
        var node = NodeRequestChecks.Validate(request, topology, session.State);
        var before = session.State;
        var member = new LabNodeState(node.Name, node.Cluster.Name, node.Cluster.Cni, LabName.Namespace(lab, node.Name), node.Ip,
            node.Segment.Name, IPAddress.None, node.Blocks, FreeFabricPort(before));
        var members = before.Nodes.Append(member).ToList();
        var membership = Membership.Of(topology, members);
        member = member with { VxlanAddress = Planner.Plan(membership, node.Name).Address.Address };
        members[^1] = member;
        var layout = Membership.Layout(topology, members, node.Pods);
        var joining = layout.Node(node.Name) with { FabricPort = member.FabricPort };
        var pods = layout.PodsOf(node.Name).ToList();
        var started = DateTimeOffset.Now;
        var clock = Stopwatch.StartNew();
        // Recorded before anything exists, so `lab down` and `status` know of it whatever happens next.
        session.Save(before with { Nodes = members, Pods = before.Pods.Concat(pods.Select(LabPodState.Of)).ToList() });
        try
        {
            await BuildAsync(session.Paths, layout, membership, joining, pods, cancel);
            if (session.State.Kubernetes is { } k8s)
            {
                KubernetesNode.Start(session.Paths, k8s, joining, pods, agent);
            }
            // Installed into Kubernetes, the DaemonSet brings the new node its agent.
            if (session.State.Kubernetes?.Installed != true)
            {
                AgentLauncher.Start(AgentLauncher.Target.Of(member), session.Paths, agent, AgentArguments.Of(session.State));
            }
        }
        catch (Exception e)
        {
            log.Step($"lab {lab}: adding node {node.Name} failed ({(e is OperationCanceledException ? "interrupted" : e.Message)}); removing what was built");
            await NodeTeardown.RemoveAsync(session, topology, member, CancellationToken.None);
            throw;
        }
        var buildMs = clock.Elapsed.TotalMilliseconds;
        log.Step($"  node {node.Name} built, agent started{"",-14}{buildMs,6:0} ms");
        var peers = members.Where(m => m.Cluster != node.Cluster.Name).ToList();
        (DateTimeOffset Peers, DateTimeOffset Own)? converged = null;
        if (WaitForMesh)
        {
            converged = await WaitAsync(session.Paths, membership, member, peers, layout with { Pods = pods.ToValueList() }, cancel);
            log.Step($"  in every kernel, nginx answers{"",-14}{clock.Elapsed.TotalMilliseconds,6:0} ms");
            if (session.State.Kubernetes is { } k8s)
            {
                await KubernetesNode.WaitReadyAsync(session.Paths, k8s, joining, cancel);
                log.Step($"  Node Ready in cluster {node.Cluster.Name}{"",-10}{clock.Elapsed.TotalMilliseconds,6:0} ms");
            }
            if (await MeshAddress.ReadAsync(member.Namespace, membership.Mesh.Device, cancel) is { } address)
            {
                session.Save(session.State with { Nodes = session.State.Nodes.Select(n => n.Name == member.Name ? n with { VxlanAddress = address } : n).ToList() });
            }
        }
        return new NodeAddReport(lab, node.Name, node.Cluster.Name, node.Ip, node.Blocks, pods.Select(p => p.Name).ToList(), peers.Count,
            buildMs, AgentLog.FirstAfter(session.Paths, node.Name, AgentLog.Registered, started, TimeProvider.System), converged?.Peers,
            converged is { } c ? (c.Peers > c.Own ? c.Peers : c.Own) : null);
    }

    /// <summary>Namespaces, its fabric port, the node, the CNI on its cluster's other nodes, its pods and their nginx.</summary>
    private static async Task BuildAsync(LabPaths paths, LabLayout layout, Inventory membership, NodeLayout joining, IReadOnlyList<PodLayout> pods, CancellationToken cancel)
    {
        await Netns.CreateAsync(pods.Select(p => p.Namespace).Prepend(joining.Namespace), cancel);
        await ScriptRunner.ApplyAsync(FabricScript.Attach(layout.FabricNamespace, joining), cancel);
        await ScriptRunner.ApplyAsync(NodeScript.Build(layout, membership, joining), cancel);
        var cluster = layout.Nodes.Where(n => n.Cluster == joining.Cluster && n.Name != joining.Name).ToList();
        await ScriptRunner.ApplyAllAsync(
            cluster.Select(m => CniMembership.Join(m, cluster.Where(p => p.Name != m.Name).ToList(), joining)), cancel);
        await ScriptRunner.ApplyAllAsync(pods.Select(PodScript.Build), cancel);
        await NginxLauncher.StartAllAsync(pods, paths, cancel);
    }

    /// <summary>The peers' kernels and its own are waited on side by side: its own agent starts cold and is usually last.</summary>
    private async Task<(DateTimeOffset Peers, DateTimeOffset Own)> WaitAsync(
        LabPaths paths, Inventory membership, LabNodeState node, IReadOnlyList<LabNodeState> peers, LabLayout podsOnly, CancellationToken cancel)
    {
        var blocks = node.Blocks.ToHashSet();
        var atPeers = MeshWait.UntilAsync(peers.Select(p => new RouteExpectation(p.Name, p.Namespace, blocks, Present: true)).ToList(),
            Timeout, $"node {node.Name}'s blocks in every peer's kernel", cancel);
        var own = MeshWait.UntilAsync([new RouteExpectation(node.Name, node.Namespace, Membership.PlannedRoutes(membership, node.Name), Present: true)],
            Timeout, $"node {node.Name}'s own routes", cancel);
        try
        {
            var converged = (await atPeers, await own);
            await Readiness.WaitForNginxAsync(podsOnly, Timeout, cancel);
            return converged;
        }
        catch (LabException e)
        {
            throw new LabException($"{e.Message}\n  agent log of {node.Name} ({paths.AgentLog(node.Name)}):\n{AgentLauncher.LogTail(paths, node.Name)}\n" +
                $"  the node stays in the lab: `vxmesh lab node rm {paths.Lab} {node.Name}` removes it");
        }
    }

    /// <summary>veth-nN, one above the highest in use (a removed node's port went with its namespace, so reuse is harmless).</summary>
    private static string FreeFabricPort(LabState state)
    {
        var used = state.Nodes.Select(n => FabricPortPattern().Match(n.FabricPort ?? "")).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        return $"veth-n{used.DefaultIfEmpty(0).Max() + 1}";
    }
}
