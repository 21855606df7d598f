using System.Diagnostics;
using Microsoft.Extensions.Logging;
using VxMesh.Agent.Dataplane;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;
using VxMesh.Netlink;

namespace VxMesh.Agent.Reconcile;

/// <summary>
/// Makes the kernel match a <see cref="NodeState"/>: diff against the dataplane model, apply
/// the minimal set of changes. Level-based (controller-runtime's lesson): it compares whole
/// states, never replays events, so a missed event or a failed op is simply found and fixed
/// on the next pass. On start it adopts whatever matching state exists; it never flushes.
///
/// The dataplane model (<see cref="ObservedIndex"/>) is rebuilt from the kernel on a resync
/// — the first pass, whenever the caller asks (timer, foreign change), and after anything
/// that could make it wrong (a failed op, a device change) — and otherwise kept current by
/// recording the ops the kernel accepted. So a one-peer change diffs and applies without
/// re-dumping the kernel.
///
/// Two phases because the device's index changes when it is (re)created: first the device,
/// then — observed afresh — everything that lives on it.
/// </summary>
public sealed partial class Reconciler(IDataplane dataplane, ILogger logger)
{
    private ObservedIndex? model;

    /// <summary>The device this reconciler last converged; when the plan renames it, the old one is ours to remove.</summary>
    private string? convergedDevice;

    /// <summary>Forgets the dataplane model, so the next pass re-observes the kernel.</summary>
    public void Invalidate() => model = null;

    /// <summary>
    /// Checks kernel notifications against the model; any it cannot explain (a foreign change,
    /// lost notifications) drops the model so the next pass re-observes and repairs.
    /// Returns true when that happened.
    /// </summary>
    public bool Absorb(IReadOnlyList<DataplaneEvent> events)
    {
        var foreign = model is null ? null : events.FirstOrDefault(e => !model.Explains(e));
        if (foreign is null)
        {
            return false;
        }
        LogDrift(foreign);
        model = null;
        return true;
    }

    /// <param name="scope">What changed since the previously reconciled plan (from <see cref="IncrementalPlanner"/>).
    /// Used only when the model still describes that plan's outcome; otherwise the diff is complete.</param>
    public ReconcileReport Reconcile(NodeState desired, bool resync = false, PlanScope? scope = null)
    {
        var clock = Stopwatch.StartNew();
        var device = desired.Device.Name;
        var results = new List<OpResult>();
        if (resync || model is null || model.DeviceName != device)
        {
            model = Observe(device);
            scope = null;
        }

        // Phase 1: the device. Phase 2: its address (removal flushes ARP). Both re-observe after
        // changing anything, because the kernel's side effects are wider than the op.
        // A renamed mesh.device: the old device would keep the VNI and port, so the new one could not be created.
        var renamed = convergedDevice is { } old && old != device ? new DataplaneOp[] { new DeleteDevice(old) } : [];
        foreach (var phase in new Func<ObservedIndex, IReadOnlyList<DataplaneOp>>[]
                 { m => [.. renamed, .. DeviceDiff.Plan(desired.Device, m.Device)], m => AddressDiff.Plan(desired, m) })
        {
            var ops = phase(model);
            if (ops.Count == 0)
            {
                continue;
            }
            var applied = Apply(ops);
            results.AddRange(applied);
            if (applied.Any(r => !r.Ok))
            {
                model = null;
                return new ReconcileReport(results, clock.Elapsed);
            }
            // Device and address changes do not touch nftables: keep the filter as just observed.
            model = Observe(device, ingressFrom: model);
            scope = null;
        }

        // Phase 3: what lives on the device — only the changed keys when the model still matches the
        // previous plan, everything otherwise. The model follows the ops the kernel accepted.
        var contentOps = scope is null
            ? ContentDiff.Plan(desired, model)
            : ContentDiff.Plan(desired with { Neighbors = scope.Neighbors.ToValueList(), Fdb = scope.Fdb.ToValueList(), Routes = scope.Routes.ToValueList() },
                model.Subset(scope), scope);
        var contentResults = Apply(contentOps);
        results.AddRange(contentResults);
        foreach (var result in contentResults.Where(r => r.Ok))
        {
            model.Record(result.Op);
        }
        if (contentResults.Any(r => !r.Ok))
        {
            model = null;
        }
        else
        {
            convergedDevice = device;
        }
        return new ReconcileReport(results, clock.Elapsed);
    }

    /// <summary>
    /// Removes exactly what VxMesh owns: routes and nexthops with our protocol, then the
    /// device (taking its addresses, neighbours and FDB entries with it), then our nftables table.
    /// </summary>
    public ReconcileReport Uninstall(string deviceName)
    {
        var clock = Stopwatch.StartNew();
        model = null;
        var observed = dataplane.Observe(deviceName);
        if (observed.Device is { Kind: not "vxlan" } foreign)
        {
            throw new DeviceConflictException(foreign.Name, foreign.Kind);
        }
        var ops = new List<DataplaneOp>();
        ops.AddRange(observed.Routes.Select(r => new DeleteRoute(r.Destination)));
        ops.AddRange(observed.Nexthops.Select(n => new DeleteNexthop(n.Id)));
        if (observed.Device is not null)
        {
            ops.Add(new DeleteDevice(deviceName));
        }
        if (observed.Ingress is not null)
        {
            ops.Add(new DeleteIngressFilter());
        }
        return new ReconcileReport(Apply(ops), clock.Elapsed);
    }

    private List<OpResult> Apply(IReadOnlyList<DataplaneOp> ops)
    {
        if (ops.Count == 0)
        {
            return [];
        }
        var results = dataplane.Apply(ops).Select(Decide).ToList();
        foreach (var result in results)
        {
            if (result.Ok)
            {
                LogApplied(result.Op);
            }
            else
            {
                LogFailed(result.Op, result.Error ?? $"errno {result.Errno}");
            }
        }
        return results;
    }

    private ObservedIndex Observe(string device, ObservedIndex? ingressFrom = null) =>
        ObservedIndex.From(ingressFrom is null
            ? dataplane.Observe(device)
            : dataplane.Observe(device, withIngress: false) with { Ingress = ingressFrom.Ingress }, device);

    /// <summary>
    /// errno turned into a decision, in one place: deleting what is already gone (ENOENT, ESRCH,
    /// ENODEV, EADDRNOTAVAIL) is done — something else removed it first, which is what we wanted.
    /// </summary>
    private static OpResult Decide(OpResult result) =>
        !result.Ok && result.Op.IsDelete && Errno.IsNotFound(result.Errno) ? OpResult.Success(result.Op) : result;

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "applied: {Op}")]
    private partial void LogApplied(DataplaneOp op);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "kernel changed owned state ({Event}): resyncing")]
    private partial void LogDrift(DataplaneEvent @event);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "failed: {Op}: {Error}")]
    private partial void LogFailed(DataplaneOp op, string error);
}
