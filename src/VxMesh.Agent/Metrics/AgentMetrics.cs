using System.Reflection;
using VxMesh.Agent.Probing;
using VxMesh.Agent.Reconcile;

namespace VxMesh.Agent.Metrics;

/// <summary>
/// The agent's counters, kept by the loop and rendered as Prometheus text on <c>/metrics</c>. Every name
/// and label is in docs/metrics.md; peer labels are bounded (cluster and node, never a flow or an address
/// that could grow without the mesh growing). Thread-safe: the loop and the prober write, a scrape reads.
/// </summary>
public sealed class AgentMetrics
{
    /// <summary>Pass durations: 0.5 ms (a one-peer change) to 10 s (a whole plan at 50,000 peers on a slow node).</summary>
    public static readonly IReadOnlyList<double> PassBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Lock gate = new();
    private readonly Dictionary<(string Reason, string Outcome), long> passes = [];
    private readonly Dictionary<string, long> ops = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Kind, int Errno), long> failures = [];
    private readonly Histogram passDuration = new(PassBuckets);
    private long driftRepairs;
    private long resyncs;
    private long registryEvents;
    private readonly Dictionary<string, long> registryErrors = new(StringComparer.Ordinal);
    private double pending;
    private (double Routes, double Neighbors, double Fdb) conflicts;
    private double lastPass = double.NaN;
    private double lastSuccess = double.NaN;

    /// <summary>The peers' path states (null: probing is off).</summary>
    public PeerHealthTable? Peers { get; set; }

    /// <summary>The registry's full loads so far (etcd: 1 + reconnects and compactions); null for sources without them.</summary>
    public Func<long>? RegistryLoads { get; set; }

    public static string Version { get; } =
        typeof(AgentMetrics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>One pass of the loop: why it ran, how it ended, how long it took and what it did.</summary>
    /// <param name="report">Null when the pass did not get to reconcile (no usable inventory, an error).</param>
    public void Pass(string reason, string outcome, TimeSpan elapsed, ReconcileReport? report, DateTimeOffset now)
    {
        passDuration.Observe(elapsed.TotalSeconds);
        lock (gate)
        {
            passes[(reason, outcome)] = passes.GetValueOrDefault((reason, outcome)) + 1;
            lastPass = now.ToUnixTimeMilliseconds() / 1000.0;
            if (reason == "drift")
            {
                driftRepairs++;
            }
            if (report is null)
            {
                return;
            }
            if (report.Resynced)
            {
                resyncs++;
            }
            foreach (var result in report.Results)
            {
                var kind = result.Op.GetType().Name;
                if (result.Ok)
                {
                    ops[kind] = ops.GetValueOrDefault(kind) + 1;
                }
                else
                {
                    failures[(kind, result.Errno)] = failures.GetValueOrDefault((kind, result.Errno)) + 1;
                }
            }
            pending = report.Pending;
            conflicts = (report.RouteConflicts.Count, report.EntryConflicts.Count(c => c.Table == "neighbor"), report.EntryConflicts.Count(c => c.Table == "fdb"));
            if (report.Converged)
            {
                lastSuccess = lastPass;
            }
        }
    }

    /// <summary>The registry signalled a change (an etcd watch event, a file write).</summary>
    public void RegistryEvent()
    {
        lock (gate)
        {
            registryEvents++;
        }
    }

    /// <summary>The registry's view could not be used (<paramref name="reason"/>: invalid, node_missing).</summary>
    public void RegistryError(string reason)
    {
        lock (gate)
        {
            registryErrors[reason] = registryErrors.GetValueOrDefault(reason) + 1;
        }
    }

    public string Render()
    {
        var text = new PrometheusText();
        text.Family("vxmesh_build_info", "gauge", "Always 1; the agent's version as a label.").Sample("vxmesh_build_info", 1, ("version", Version));
        lock (gate)
        {
            text.Family("vxmesh_reconcile_passes_total", "counter", "Agent loop passes by what woke the loop (start, change, drift, retry, resync) and how they ended (converged, pending, failed, terminal).");
            foreach (var ((reason, outcome), n) in passes.OrderBy(p => p.Key.Reason, StringComparer.Ordinal).ThenBy(p => p.Key.Outcome, StringComparer.Ordinal))
            {
                text.Sample("vxmesh_reconcile_passes_total", n, ("reason", reason), ("outcome", outcome));
            }
            text.Family("vxmesh_reconcile_last_pass_timestamp_seconds", "gauge", "Unix time of the last pass (NaN before the first).")
                .Sample("vxmesh_reconcile_last_pass_timestamp_seconds", lastPass);
            text.Family("vxmesh_reconcile_last_success_timestamp_seconds", "gauge", "Unix time of the last pass that left the kernel matching the plan (NaN before the first).")
                .Sample("vxmesh_reconcile_last_success_timestamp_seconds", lastSuccess);
            text.Family("vxmesh_reconcile_pending_items", "gauge", "Kernel entries that still differ from the plan after the last pass (failed, waiting for their retry).")
                .Sample("vxmesh_reconcile_pending_items", pending);
            text.Family("vxmesh_reconcile_conflicts", "gauge", "Planned entries not programmed because someone else's entry holds the same kernel key (never overwritten), by table, after the last pass.")
                .Sample("vxmesh_reconcile_conflicts", conflicts.Routes, ("table", "route"))
                .Sample("vxmesh_reconcile_conflicts", conflicts.Neighbors, ("table", "neighbor"))
                .Sample("vxmesh_reconcile_conflicts", conflicts.Fdb, ("table", "fdb"));
            text.Family("vxmesh_dataplane_ops_total", "counter", "Kernel changes the agent made, by kind (ReplaceRoute, DeleteNeighbor, ...).");
            foreach (var (kind, n) in ops.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                text.Sample("vxmesh_dataplane_ops_total", n, ("kind", kind));
            }
            text.Family("vxmesh_dataplane_op_failures_total", "counter", "Kernel changes refused, by kind and errno (0: a failure that did not come from the kernel).");
            foreach (var ((kind, errno), n) in failures.OrderBy(p => p.Key.Kind, StringComparer.Ordinal).ThenBy(p => p.Key.Errno))
            {
                text.Sample("vxmesh_dataplane_op_failures_total", n, ("kind", kind), ("errno", errno.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
            text.Family("vxmesh_drift_repairs_total", "counter", "Passes run because a kernel notification contradicted the model (someone changed owned state).")
                .Sample("vxmesh_drift_repairs_total", driftRepairs);
            text.Family("vxmesh_kernel_resyncs_total", "counter", "Passes that re-read the kernel (start, resync interval, device or address change, drift).")
                .Sample("vxmesh_kernel_resyncs_total", resyncs);
            text.Family("vxmesh_registry_watch_events_total", "counter", "Change signals from the registry (etcd watch events, inventory file writes).")
                .Sample("vxmesh_registry_watch_events_total", registryEvents);
            text.Family("vxmesh_registry_errors_total", "counter", "Registry views the agent could not use, by reason (invalid, node_missing); the last good one stayed in force.");
            foreach (var (reason, n) in registryErrors.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                text.Sample("vxmesh_registry_errors_total", n, ("reason", reason));
            }
        }
        if (RegistryLoads is { } loads)
        {
            text.Family("vxmesh_registry_full_loads_total", "counter", "Full reads of the registry (1 at start, then one per reconnect or compaction).")
                .Sample("vxmesh_registry_full_loads_total", loads());
        }
        text.Histogram("vxmesh_reconcile_pass_duration_seconds", "Wall time of one agent pass (read the source, plan, reconcile).", passDuration.Snapshot());
        if (Peers is { } table)
        {
            PeerMetrics.Write(text, table.Snapshot());
        }
        return text.ToString();
    }
}
