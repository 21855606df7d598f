using System.Diagnostics;
using Microsoft.Extensions.Logging;
using VxMesh.Agent.Dataplane;
using VxMesh.Agent.Reconcile.Tables;
using VxMesh.Core.Planning;
using VxMesh.Netlink;

namespace VxMesh.Agent.Reconcile;

/// <summary>
/// Makes the kernel match the plan, felix-style: a delta tracker per kernel table
/// (<see cref="ContentModel"/>) holds what we want and what the kernel holds; a pass sends only the
/// items where the two differ. Level-based (controller-runtime's lesson): the trackers compare
/// states, so a missed event or a failed op is simply still pending on the next pass. On start it
/// adopts whatever matching state exists; it never flushes.
/// <para>
/// The desired side changes in two ways: a whole plan (<see cref="Reconcile(NodeState, bool)"/>,
/// O(n)), or the peers that changed (<see cref="Reconcile(PlanContext, IReadOnlyList{PeerChange}, bool)"/>,
/// O(entries of those peers)). The dataplane side is rebuilt from the kernel on a resync — start,
/// the caller's timer, a device (re)created or its address changed (the kernel's side effects are
/// wider than the op), notifications the model cannot explain — and otherwise follows the ops the
/// kernel accepted. A failed item stays pending with its own backoff; the rest stays valid.
/// </para>
/// Two phases before the content because the device's index changes when it is (re)created:
/// first the device, then its address (removal flushes ARP), each re-observed after a change.
/// </summary>
public sealed partial class Reconciler
{
    private readonly IDataplane dataplane;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly RetryPolicy retry;
    private ContentModel? model;
    private VxlanDevice? device;
    private InterfaceAddress? address;
    private bool resyncDue;

    /// <summary>The device this reconciler last converged; when the plan renames it, the old one is ours to remove.</summary>
    private string? convergedDevice;
    private string reportedConflicts = "";
    private string reportedEntryConflicts = "";

    public Reconciler(IDataplane dataplane, ILogger logger, TimeProvider? time = null, RetryPolicy? retry = null)
    {
        this.dataplane = dataplane;
        this.logger = logger;
        this.time = time ?? TimeProvider.System;
        this.retry = retry ?? RetryPolicy.Default;
    }

    /// <summary>True once a whole plan has been given: from then on peer changes may be given alone.</summary>
    public bool HasPlan => model is not null && device is not null;

    /// <summary>
    /// False when these peer changes need a whole plan: one touches a service group at the member cap, whose
    /// candidates left out are not known here.
    /// </summary>
    public bool AcceptsChanges(IReadOnlyList<PeerChange> changes) => model is null || model.AcceptsChanges(changes);

    /// <summary>Makes the next pass re-observe the kernel (desired state is kept).</summary>
    public void Invalidate() => resyncDue = true;

    /// <summary>
    /// Checks kernel notifications against the model; any it cannot explain (a foreign change,
    /// lost notifications) makes the next pass re-observe and repair. Returns true when that happened.
    /// </summary>
    public bool Absorb(IReadOnlyList<DataplaneEvent> events)
    {
        if (model is not { Observed: true } m || resyncDue)
        {
            return false;
        }
        foreach (var e in events)
        {
            if (!m.Explains(e))
            {
                LogDrift(e);
                resyncDue = true;
                return true;
            }
        }
        return false;
    }

    /// <summary>A whole plan: every table's desired view is replaced (O(n)), then the pending items are applied.</summary>
    /// <param name="resync">Re-observe the kernel instead of trusting the model of it.</param>
    public ReconcileReport Reconcile(NodeState desired, bool resync = false)
    {
        var clock = Stopwatch.StartNew();
        var m = Prepare(desired.Device, desired.Address, resync);
        m.WantAll(desired);
        return Pass(m, resync, clock);
    }

    /// <summary>
    /// Only some peers changed, in the same <paramref name="context"/> as the plan given before:
    /// their old fragments' entries go, their new ones' come, and only those keys are looked at.
    /// </summary>
    public ReconcileReport Reconcile(PlanContext context, IReadOnlyList<PeerChange> changes, bool resync = false)
    {
        if (!HasPlan)
        {
            throw new InvalidOperationException("peer changes need a whole plan first");
        }
        var clock = Stopwatch.StartNew();
        var m = Prepare(context.Device, context.Address, resync);
        m.Ingress.SetShape(context.Mesh.Port, context.Device.Name);
        m.Ingress.Inner.SetRanges(context.InnerRanges);
        m.Groups.SetServices(context.Self.Name, context.Services);
        foreach (var change in changes)
        {
            m.Change(change.Before, change.After);
        }
        m.Groups.Refresh();
        return Pass(m, resync, clock);
    }

    /// <summary>
    /// Removes exactly what VxMesh owns, in the reverse of the order it was made: routes with our
    /// protocol (service ranges included), then our nexthop groups, then our other nexthops, then the
    /// device (taking its addresses, neighbours and FDB entries with it), then our nftables table.
    /// A device that also holds someone else's static entries stays, and only our entries on it go.
    /// The multipath hash sysctl is left as it is (a node-wide setting: see docs/services.md).
    /// </summary>
    public ReconcileReport Uninstall(string deviceName)
    {
        var clock = Stopwatch.StartNew();
        model = null;
        device = null;
        var observed = dataplane.Observe(deviceName);
        if (observed.Device is { Kind: not "vxlan" } foreign)
        {
            throw new DeviceConflictException(foreign.Name, foreign.Kind);
        }
        var ops = new List<DataplaneOp>();
        ops.AddRange(observed.Routes.Select(r => new DeleteRoute(r.Destination)));
        ops.AddRange(observed.Nexthops.Where(n => n.Group is not null).Select(n => new DeleteNexthopGroup(n.Id)));
        ops.AddRange(observed.Nexthops.Where(n => n.Group is null).Select(n => new DeleteNexthop(n.Id)));
        var theirs = ForeignEntries(observed);
        if (observed.Device is { Marked: true } && theirs.Count == 0)
        {
            ops.Add(new DeleteDevice(deviceName));
        }
        else if (observed.Device is { Marked: true })
        {
            // The device goes only with everything on it: ours go one by one, theirs stay, and so does the device.
            LogDeviceKeptForForeignEntries(deviceName, string.Join(", ", theirs));
            ops.AddRange(observed.Fdb.Select(f => new DeleteFdb(deviceName, f.Mac, f.Destination)));
            ops.AddRange(observed.Neighbors.Where(n => n.Ours).Select(n => new DeleteNeighbor(deviceName, n.Ip)));
        }
        else if (observed.Device is { } unmarked)
        {
            LogUnmarkedDeviceKept(unmarked.Name, Core.Model.Ownership.DeviceAlias);
        }
        if (observed.Ingress is not null)
        {
            ops.Add(new DeleteIngressFilter());
        }
        return new ReconcileReport(Apply(ops), clock.Elapsed);
    }

    /// <summary>Static neighbours and FDB entries on the device that VxMesh did not make (no mark).</summary>
    private static List<string> ForeignEntries(ObservedState observed) =>
    [
        .. observed.Neighbors.Where(n => n.Permanent && !n.Ours).Select(n => $"neighbor {n.Ip}"),
        .. observed.ForeignFdb.Select(f => $"fdb {Core.Model.Mac.Format(f.Mac)} dst {f.Destination}"),
    ];

    /// <summary>The model for the planned device, observed when it has to be (first pass, resync, rename).</summary>
    private ContentModel Prepare(VxlanDevice desiredDevice, InterfaceAddress desiredAddress, bool resync)
    {
        if (model is null || model.DeviceName != desiredDevice.Name)
        {
            // A new device name: its tables start empty and are filled by the plan that follows.
            model = new ContentModel(desiredDevice.Name);
        }
        device = desiredDevice;
        address = desiredAddress;
        if (resync || resyncDue || !model.Observed || model.Ingress.NeedsObserve)
        {
            Observe(model, withIngress: true);
        }
        return model;
    }

    private ReconcileReport Pass(ContentModel m, bool resynced, Stopwatch clock)
    {
        var results = new List<OpResult>();
        var name = m.DeviceName;

        // Phase 1: the device. Phase 2: its address. Both re-observe after changing anything.
        // A renamed mesh.device: the old device would keep the VNI and port, so the new one could not be created.
        var renamed = convergedDevice is { } old && old != name ? new DataplaneOp[] { new DeleteDevice(old) } : [];
        foreach (var phase in new Func<IReadOnlyList<DataplaneOp>>[]
                 { () => [.. renamed, .. DeviceDiff.Plan(device!, m.Device)], () => AddressDiff.Plan(name, address!, m.Addresses) })
        {
            var ops = phase();
            if (ops.Count == 0)
            {
                continue;
            }
            var applied = Apply(ops);
            results.AddRange(applied);
            renamed = [];
            if (applied.Any(r => !r.Ok))
            {
                resyncDue = true;
                return Report(m, results, clock, resynced);
            }
            // Device and address changes do not touch nftables: keep the filter's view.
            Observe(m, withIngress: false);
            resynced = true;
        }

        // Phase 3: what lives on the device: the pending items whose retry time has come.
        var now = time.GetUtcNow();
        // Each result goes into the model as it arrives, while the kernel works on the ops after it.
        var content = Apply(m.Collect(now).InOrder(), result => m.Record(result, now, retry));
        results.AddRange(content);
        if (content.All(r => r.Ok))
        {
            convergedDevice = name;
        }
        return Report(m, results, clock, resynced);
    }

    private ReconcileReport Report(ContentModel m, List<OpResult> results, Stopwatch clock, bool resynced)
    {
        List<System.Net.IPNetwork> conflicts = m.Routes.ConflictCount == 0 ? [] : [.. m.Routes.Conflicts.OrderBy(n => n.ToString(), StringComparer.Ordinal)];
        var said = string.Join(", ", conflicts);
        if (said != reportedConflicts)
        {
            reportedConflicts = said;
            if (conflicts.Count > 0)
            {
                LogRouteConflicts(conflicts.Count, said);
            }
        }
        List<EntryConflict> entries = m.Neighbors.ConflictCount + m.Fdb.ConflictCount == 0
            ? []
            : [.. m.Neighbors.Conflicts(m.DeviceName).Concat(m.Fdb.Conflicts(m.DeviceName)).OrderBy(c => c.Table, StringComparer.Ordinal).ThenBy(c => c.Key, StringComparer.Ordinal)];
        var entriesSaid = string.Join("; ", entries);
        if (entriesSaid != reportedEntryConflicts)
        {
            reportedEntryConflicts = entriesSaid;
            if (entries.Count > 0)
            {
                LogEntryConflicts(entries.Count, entriesSaid);
            }
        }
        return new(results, clock.Elapsed)
        {
            Pending = m.Pending,
            NextRetry = m.NextRetry,
            Resynced = resynced,
            RouteConflicts = conflicts,
            EntryConflicts = entries,
        };
    }

    private void Observe(ContentModel m, bool withIngress)
    {
        m.Load(dataplane.Observe(m.DeviceName, withIngress), withIngress);
        resyncDue = false;
    }

    private List<OpResult> Apply(IReadOnlyList<DataplaneOp> ops, Action<OpResult>? record = null)
    {
        var results = new List<OpResult>(ops.Count);
        if (ops.Count == 0)
        {
            return results;
        }
        dataplane.Apply(ops, answer =>
        {
            var result = Decide(answer);
            if (result.Ok)
            {
                LogApplied(result.Op);
            }
            else
            {
                LogFailed(result.Op, result.Error ?? $"errno {result.Errno}");
            }
            record?.Invoke(result);
            results.Add(result);
        });
        return results;
    }

    /// <summary>
    /// errno turned into a decision, in one place: deleting what is already gone (ENOENT, ESRCH,
    /// ENODEV, EADDRNOTAVAIL) is done — something else removed it first, which is what we wanted.
    /// Not for ingress elements: one absent element fails the whole set transaction.
    /// </summary>
    private static OpResult Decide(OpResult result) =>
        !result.Ok && result.Op.IsDelete && result.Op is not RemoveIngressSources && Errno.IsNotFound(result.Errno)
            ? OpResult.Success(result.Op)
            : result;

    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "applied: {Op}")]
    private partial void LogApplied(DataplaneOp op);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "kernel changed owned state ({Event}): resyncing")]
    private partial void LogDrift(DataplaneEvent @event);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "{Count} pod blocks not programmed: someone else's route (another protocol) holds the same key, and VxMesh never overwrites or deletes it: {Blocks}")]
    private partial void LogRouteConflicts(int count, string blocks);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "{Count} neighbour/FDB entries not programmed: someone else's static entry (no VxMesh mark) holds the key with another value, and VxMesh never overwrites or deletes it: {Entries}")]
    private partial void LogEntryConflicts(int count, string entries);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "uninstall leaves device {Device}: someone else's static entries are on it ({Entries}), and deleting the device would delete them; VxMesh's own entries, routes and filter are removed (remove those entries, then the device, by hand)")]
    private partial void LogDeviceKeptForForeignEntries(string device, string entries);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "uninstall leaves device {Device}: it lacks VxMesh's mark (alias '{Alias}'), so VxMesh did not make it (an agent older than the mark did not set it either: remove such a device by hand)")]
    private partial void LogUnmarkedDeviceKept(string device, string alias);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "failed: {Op}: {Error}")]
    private partial void LogFailed(DataplaneOp op, string error);
}

/// <summary>One peer's contribution before and after a change (null: it was not, or is no longer, a peer).</summary>
public sealed record PeerChange(PeerFragment? Before, PeerFragment? After);
