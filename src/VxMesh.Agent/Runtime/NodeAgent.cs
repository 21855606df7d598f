using Microsoft.Extensions.Logging;
using VxMesh.Agent.Dataplane;
using VxMesh.Agent.Reconcile;
using VxMesh.Agent.Reconcile.Tables;
using VxMesh.Agent.Registry;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;

namespace VxMesh.Agent.Runtime;

/// <summary>
/// One pass for one node: read the node's facts from its kernel, plan, reconcile. The data
/// flows one way — inventory → planner → reconciler → kernel — and this is where it is wired.
/// <para>
/// Work proportional to the change: when the source says which nodes changed since the snapshot
/// this agent applied last, and nothing the whole plan depends on moved (mesh settings, this node,
/// its facts: the <see cref="PlanContext"/>), only those nodes are planned — each peer's fragment
/// from the pure planner, before and after — and handed to the reconciler's trackers. Anything
/// else is a whole plan. The planner keeps nothing between calls; what this class keeps is the
/// context and the version it applied, so it can tell which of the two a snapshot needs.
/// </para>
/// </summary>
public sealed partial class NodeAgent
{
    private readonly IDataplane dataplane;
    private readonly string nodeName;
    private readonly ILogger logger;
    private readonly Reconciler reconciler;
    private NodeFacts? facts;
    private PlanContext? context;
    private long appliedVersion = -1;
    private ValueList<string> warned = ValueList<string>.Empty;
    private Dictionary<(string Cluster, string Node), PeerPlan> peers = [];
    private long peersVersion;

    public NodeAgent(IDataplane dataplane, string nodeName, ILogger logger, TimeProvider? time = null, RetryPolicy? retry = null)
    {
        this.dataplane = dataplane;
        this.nodeName = nodeName;
        this.logger = logger;
        reconciler = new Reconciler(dataplane, logger, time, retry);
    }

    public string NodeName => nodeName;

    /// <summary>The peers of the plan applied last (what the prober probes); changes bump <see cref="PeersVersion"/>.</summary>
    public IReadOnlyCollection<PeerPlan> Peers => peers.Values;

    public long PeersVersion => peersVersion;

    /// <summary>
    /// Peers whose overlay path is down (the probes' verdict), left out of the service groups while
    /// their pod blocks stay routed. Part of the plan's context: a change makes the next pass a whole plan.
    /// </summary>
    public ValueList<string> Withdrawn { get; set; } = ValueList<string>.Empty;

    /// <summary>The node's plan given what its kernel says about the underlay (re-read when <paramref name="refreshFacts"/>).</summary>
    public NodeState Plan(Inventory inventory, bool refreshFacts = true) =>
        Planner.Plan(inventory, nodeName, Facts(inventory, refreshFacts));

    /// <summary>A whole plan of <paramref name="inventory"/>, reconciled.</summary>
    /// <param name="resync">Re-read the kernel (and the node's facts) instead of trusting the model of it.</param>
    public (NodeState State, ReconcileReport Report) Reconcile(Inventory inventory, bool resync = false)
    {
        appliedVersion = -1;
        return Full(inventory, resync);
    }

    /// <summary>
    /// Reconciles a source's snapshot: only the changed peers when <see cref="InventorySnapshot.Delta"/>
    /// starts from the version applied last and the context held, a whole plan otherwise.
    /// </summary>
    public AgentPass Reconcile(InventorySnapshot snapshot, bool resync = false)
    {
        if (appliedVersion >= 0 && context is { } held && reconciler.HasPlan && held.Withdrawn.Equals(Withdrawn)
            && (!resync || Facts(held.Self.Ip, held.Self.UnderlayDev, refresh: true) == held.Facts))
        {
            IReadOnlyList<PeerChange>? changes = null;
            if (snapshot.Version == appliedVersion)
            {
                // Nothing changed on the desired side: retry what is pending (and re-read the kernel on a resync).
                changes = [];
            }
            else if (snapshot.Delta is { } delta && delta.FromVersion == appliedVersion && delta.Changes.All(c => c.Name != nodeName))
            {
                changes = delta.Changes.Select(c => new PeerChange(
                    c.Before is null ? null : Planner.Peer(held, c.BeforeCluster!, c.Before),
                    c.After is null ? null : Planner.Peer(held, c.AfterCluster!, c.After))).ToList();
            }
            if (changes is not null && reconciler.AcceptsChanges(changes))
            {
                var report = reconciler.Reconcile(held, changes, resync);
                appliedVersion = snapshot.Version;
                Track(changes);
                return new AgentPass(held.Device, report, Incremental: true);
            }
        }
        var inventory = snapshot.Inventory ?? throw new InvalidOperationException("the snapshot has no inventory: check Usable first");
        var (state, full) = Full(inventory, resync);
        appliedVersion = snapshot.Version;
        return new AgentPass(state.Device, full, Incremental: false);
    }

    private (NodeState State, ReconcileReport Report) Full(Inventory inventory, bool resync)
    {
        context = null;
        var next = Planner.Context(inventory, nodeName, Facts(inventory, resync), Withdrawn);
        var state = Planner.Plan(inventory, next);
        if (!state.Warnings.Equals(warned))
        {
            foreach (var warning in state.Warnings)
            {
                LogPlanWarning(warning);
            }
            warned = state.Warnings;
        }
        var report = reconciler.Reconcile(state, resync);
        context = next;
        var planned = state.Peers.ToDictionary(p => (p.Cluster, p.Node));
        if (planned.Count != peers.Count || planned.Any(p => !peers.TryGetValue(p.Key, out var held) || held != p.Value))
        {
            peers = planned;
            peersVersion++;
        }
        return (state, report);
    }

    private void Track(IReadOnlyList<PeerChange> changes)
    {
        foreach (var change in changes)
        {
            if (change.Before?.Peer is { } before)
            {
                peers.Remove((before.Cluster, before.Node));
            }
            if (change.After?.Peer is { } after)
            {
                peers[(after.Cluster, after.Node)] = after;
            }
        }
        if (changes.Count > 0)
        {
            peersVersion++;
        }
    }

    /// <summary>The underlay device, MTU and subnet, read from the kernel when asked (a resync) or never read yet.</summary>
    private NodeFacts Facts(Inventory inventory, bool refresh)
    {
        var (_, node) = inventory.FindNode(nodeName)
            ?? throw new InvalidOperationException($"node '{nodeName}' is not in {inventory.Source}");
        return Facts(node.Ip, node.UnderlayDev, refresh);
    }

    private NodeFacts Facts(System.Net.IPAddress ip, string? underlayDev, bool refresh)
    {
        if (refresh || facts is null)
        {
            facts = dataplane.DiscoverFacts(ip, underlayDev);
        }
        return facts;
    }

    /// <summary>Kernel notifications since the last pass; true when they force a resync.</summary>
    public bool Absorb(IReadOnlyList<DataplaneEvent> events) => reconciler.Absorb(events);

    public ReconcileReport Uninstall(Inventory inventory) => reconciler.Uninstall(inventory.Mesh.Device);

    [LoggerMessage(EventId = 210, Level = LogLevel.Warning, Message = "plan: {Warning}")]
    private partial void LogPlanWarning(string warning);
}

/// <summary>One agent pass: the device it planned (the change feed follows it) and what the reconciler did.</summary>
/// <param name="Incremental">True when only the changed peers were planned and looked at.</param>
public sealed record AgentPass(VxlanDevice Device, ReconcileReport Report, bool Incremental);
