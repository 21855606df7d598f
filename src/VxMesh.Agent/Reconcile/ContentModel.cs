using VxMesh.Agent.Dataplane;
using VxMesh.Agent.Reconcile.Tables;
using VxMesh.Core.Parallelism;
using VxMesh.Core.Planning;

namespace VxMesh.Agent.Reconcile;

/// <summary>
/// The reconciler's model of one node: a delta tracker per kernel table (ARP, FDB, nexthops,
/// nexthop groups, routes, ingress set, sysctls), each keyed as the kernel keys it and holding the desired and the
/// dataplane view, plus the device and its addresses as last observed.
/// <para>
/// A pass sends the due pending items in three groups:
/// 1. deletes of what is no longer wanted at all: routes, FDB entries and neighbours of departed
///    peers, departed peers' ingress elements;
/// 2. upserts: the ingress filter's new peers (so a joining peer is accepted before it is routed),
///    then flannel's order, ARP → FDB → nexthops → groups → routes: by the time a route makes a peer
///    reachable the kernel can build the inner MAC header (ARP) and the outer destination (FDB), and a
///    group's members exist before the group, the group before the service routes through it.
///    Everything is replace, never blind add, so a retry after a partial failure is harmless;
/// 3. cleanups that must wait for the upserts: groups no longer wanted (their routes went in 1), then
///    nexthop objects no route or group uses any more, and extra FDB remotes of a MAC whose replace has landed.
/// </para>
/// Ownership: on our device, neighbours with our protocol and FDB entries with extern_learn are ours,
/// other static ones someone else's (adopted when they are what the plan wants, a conflict otherwise,
/// never deleted); elsewhere only routes and nexthops with our protocol (the observer filters them).
/// Dynamic neighbours age out.
/// </summary>
internal sealed class ContentModel
{
    public ContentModel(string deviceName)
    {
        DeviceName = deviceName;
        Routes = new RouteTable(Nexthops);
        Groups = new GroupTable(Nexthops, Routes);
        Groups.Deleted += Routes.ForgetRoutesOf;
        Nexthops.Deleted += Groups.MemberDeleted;
    }

    public string DeviceName { get; }

    /// <summary>False until the kernel has been observed for <see cref="DeviceName"/>.</summary>
    public bool Observed { get; private set; }

    public ObservedDevice? Device { get; private set; }

    public HashSet<InterfaceAddress> Addresses { get; } = [];

    public NeighborTable Neighbors { get; } = new();

    public FdbTable Fdb { get; } = new();

    public NexthopTable Nexthops { get; } = new();

    public RouteTable Routes { get; }

    public GroupTable Groups { get; }

    public SysctlTable Sysctls { get; } = new();

    public IngressTable Ingress { get; } = new();

    /// <summary>Items that differ between desired and dataplane, including those waiting for their retry.</summary>
    public int Pending =>
        Neighbors.Tracker.Pending.Count - Neighbors.ConflictCount + Fdb.Tracker.Pending.Count - Fdb.ConflictCount + Fdb.ExtraRemotes + Nexthops.Tracker.Pending.Count
        + Groups.Tracker.Pending.Count + Sysctls.Tracker.Pending.Count
        + Routes.Tracker.Pending.Count - Routes.ConflictCount + (Ingress.IsPending ? Math.Max(1, Ingress.Tracker.Pending.Count + Ingress.Inner.Tracker.Pending.Count) : 0);

    public DateTimeOffset? NextRetry =>
        new[]
        {
            Neighbors.Tracker.Retries.Earliest(), Fdb.Tracker.Retries.Earliest(), Nexthops.Tracker.Retries.Earliest(),
            Groups.Tracker.Retries.Earliest(), Sysctls.Tracker.Retries.Earliest(), Routes.Tracker.Retries.Earliest(), Ingress.EarliestRetry,
        }.Where(t => t is not null).Min();

    /// <summary>A fresh observation replaces every dataplane view; without <paramref name="withIngress"/> the filter's view is kept.</summary>
    public void Load(ObservedState observed, bool withIngress)
    {
        Device = observed.Device;
        Addresses.Clear();
        Addresses.UnionWith(observed.Addresses);
        Neighbors.Load(observed);
        Fdb.Load(observed);
        Nexthops.Load(observed);
        Groups.Load(observed);
        Routes.Load(observed);
        Sysctls.Load(observed);
        if (withIngress)
        {
            Ingress.Load(observed.Ingress);
        }
        Observed = true;
    }

    /// <summary>
    /// A whole plan: every table's desired view replaced, O(n). Tables that share nothing are filled
    /// on separate cores at scale (routes, groups and nexthops are linked, so they go together).
    /// </summary>
    public void WantAll(NodeState desired) =>
        Concurrently.Run(desired.Peers.Count,
            () => Neighbors.WantAll(desired.Neighbors),
            () => Fdb.WantAll(desired.Fdb),
            () =>
            {
                Routes.WantAll(desired.Routes, desired.ServiceRoutes);
                Groups.WantAll(desired);
            },
            () =>
            {
                Sysctls.WantAll(desired.Sysctls);
                Ingress.WantAll(desired.Ingress, desired.Peers);
            });

    /// <summary>Whether these peer changes can be applied alone (not when one touches a group at the member cap).</summary>
    public bool AcceptsChanges(IEnumerable<PeerChange> changes) =>
        changes.All(c => !Groups.NeedsWholePlan(c.Before?.Service, c.After?.Service));

    /// <summary>One peer changed: what its old fragment wanted goes, what its new one wants comes. O(entries of the peer).</summary>
    public void Change(PeerFragment? before, PeerFragment? after)
    {
        if (before is not null)
        {
            foreach (var route in before.Routes)
            {
                Routes.Unwant(route);
            }
            Fdb.Unwant(before.Fdb);
            Neighbors.Unwant(before.Neighbor);
            Ingress.Unwant(before.Peer.Underlay);
            Ingress.Inner.Unwant(before.Peer);
            if (before.Service is { } left)
            {
                Groups.Unwant(left);
            }
        }
        if (after is not null)
        {
            Neighbors.Want(after.Neighbor);
            Fdb.Want(after.Fdb);
            foreach (var route in after.Routes)
            {
                Routes.Want(route);
            }
            Ingress.Want(after.Peer.Underlay);
            Ingress.Inner.Want(after.Peer);
            if (after.Service is { } joined)
            {
                Groups.Want(joined);
            }
        }
    }

    /// <summary>The ops for every pending item whose retry time has come, in the kernel's order.</summary>
    public OpBatch Collect(DateTimeOffset now)
    {
        var batch = new OpBatch();
        var upserts = new OpBatch();
        Routes.CollectDeletes(now, batch);
        Fdb.Collect(DeviceName, now, upserts);
        batch.Deletes.AddRange(upserts.Deletes);
        Neighbors.Collect(DeviceName, now, batch);
        Ingress.Collect(now, batch);
        // Neighbours were collected into batch.Upserts (after the ingress change); FDB follows them.
        batch.Upserts.AddRange(upserts.Upserts);
        Sysctls.CollectUpserts(now, batch);
        Nexthops.CollectUpserts(now, batch);
        Groups.CollectUpserts(now, batch);
        Routes.CollectUpserts(now, batch);
        batch.Cleanups.AddRange(upserts.Cleanups);
        Groups.CollectDeletes(now, batch);
        Nexthops.CollectDeletes(now, batch);
        return batch;
    }

    public void Record(OpResult result, DateTimeOffset now, RetryPolicy policy)
    {
        switch (result.Op)
        {
            case ReplaceNeighbor or DeleteNeighbor:
                Neighbors.Record(result, now, policy);
                break;
            case ReplaceFdb or DeleteFdb:
                Fdb.Record(result, now, policy);
                break;
            case ReplaceNexthop or DeleteNexthop:
                Nexthops.Record(result, now, policy);
                break;
            case ReplaceNexthopGroup or DeleteNexthopGroup:
                Groups.Record(result, now, policy);
                break;
            case SetSysctl:
                Sysctls.Record(result, now, policy);
                break;
            case ReplaceRoute or DeleteRoute:
                Routes.Record(result, now, policy);
                break;
            default:
                Ingress.Record(result, now, policy);
                break;
        }
    }

    /// <summary>
    /// True when the model already explains the event — typically the echo of our own write.
    /// False means someone else changed owned state (or notifications were lost): resync.
    /// A false "false" only costs a resync; a false "true" would hide drift, so when in doubt, false.
    /// </summary>
    public bool Explains(DataplaneEvent e)
    {
        var added = e.Kind == DataplaneEventKind.Added;
        return e.Subject switch
        {
            ObservedDevice d => added ? Device is { } m && SameDevice(m, d) : Device is null,
            // Carrier loss flushes nexthops and routes through the underlay without notifications: look again.
            UnderlayChanged => false,
            InterfaceAddress a => Addresses.Contains(a) == added,
            ObservedNeighbor n => Neighbors.Explains(n, added),
            FdbEntry f => Fdb.Explains(f, added),
            ForeignFdb f => Fdb.Explains(f, added),
            // A deletion's notification may not say it was a group: by id, whichever table holds it must agree.
            ObservedNexthop n when n.Group is not null || Groups.Holds(n.Id) => Groups.Explains(n, added) && (n.Group is not null || Nexthops.Explains(n, added)),
            ObservedNexthop n => Nexthops.Explains(n, added),
            ObservedRoute r => Routes.Explains(r, added),
            _ => false,
        };
    }

    private static bool SameDevice(ObservedDevice model, ObservedDevice seen) =>
        model.Index == seen.Index && model.Kind == seen.Kind && model.Vni == seen.Vni && model.Port == seen.Port
        && Equals(model.Local, seen.Local) && model.Learning == seen.Learning && Equals(model.Mac, seen.Mac)
        && model.Mtu == seen.Mtu && model.Up == seen.Up;
}
