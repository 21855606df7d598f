using VxMesh.Agent.Metrics;

namespace VxMesh.Kubernetes.Controller;

/// <summary>
/// The controller's counters, rendered as Prometheus text on its <c>/metrics</c> (`--metrics-address`); names
/// <c>vxmesh_controller_*</c> beside the shared <c>vxmesh_build_info</c>, all in docs/metrics.md. Labels are
/// bounded by the mesh, never by traffic: a remote cluster's name, an object kind, an Event reason.
/// Thread-safe: the pool pass, the service pass and the election write, a scrape reads.
/// </summary>
public sealed class ControllerMetrics
{
    /// <summary>Pass durations: 1 ms (nothing to change) to 30 s (an API server under load).</summary>
    public static readonly IReadOnlyList<double> PassBuckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly Lock gate = new();
    private readonly Dictionary<(string Loop, string Outcome), long> passes = [];
    private readonly Dictionary<(string Kind, string Action), long> writes = [];
    private readonly Histogram passDuration = new(PassBuckets);
    private readonly Histogram servicePassDuration = new(PassBuckets);
    private readonly Dictionary<string, IReadOnlyDictionary<string, int>> problems = new(StringComparer.Ordinal);
    private Dictionary<string, int> remoteNodes = new(StringComparer.Ordinal);
    private double leader;
    private double leaderTerms;
    private double registryConnected = double.NaN;
    private double lastSuccess = double.NaN;
    private double exports = double.NaN;
    private double imports = double.NaN;

    /// <summary>The registry's full loads (1 + reconnects and compactions) of the current term's source; null while standing by.</summary>
    public Func<long>? RegistryLoads { get; set; }

    public void Leading(bool leads)
    {
        lock (gate)
        {
            leader = leads ? 1 : 0;
            leaderTerms += leads ? 1 : 0;
        }
    }

    /// <summary>One pass of <paramref name="loop"/> (<c>pools</c>: pools, exemptions, status, Events; <c>services</c>: MCS) and how it ended (<c>ok</c>, <c>error</c>).</summary>
    public void Pass(string loop, string outcome, TimeSpan elapsed, DateTimeOffset now)
    {
        (loop == "services" ? servicePassDuration : passDuration).Observe(elapsed.TotalSeconds);
        lock (gate)
        {
            passes[(loop, outcome)] = passes.GetValueOrDefault((loop, outcome)) + 1;
            if (loop == "pools" && outcome == "ok")
            {
                lastSuccess = now.ToUnixTimeMilliseconds() / 1000.0;
            }
        }
    }

    /// <summary>An object the controller created, corrected or deleted in the API, or one it refused (<paramref name="action"/>: apply, delete, refused).</summary>
    public void Wrote(string kind, string action, int count = 1)
    {
        if (count == 0)
        {
            return;
        }
        lock (gate)
        {
            writes[(kind, action)] = writes.GetValueOrDefault((kind, action)) + count;
        }
    }

    /// <summary>What the last pool pass saw: the registry's state and the remote clusters' nodes in the mesh.</summary>
    public void Observed(bool connected, IReadOnlyDictionary<string, int> nodesPerRemoteCluster)
    {
        lock (gate)
        {
            registryConnected = connected ? 1 : 0;
            remoteNodes = new Dictionary<string, int>(nodesPerRemoteCluster, StringComparer.Ordinal);
        }
    }

    /// <summary>The problems standing after the last pass of <paramref name="loop"/>, by the reason of the Event that reports them.</summary>
    public void Problems(string loop, IReadOnlyDictionary<string, int> standing)
    {
        lock (gate)
        {
            problems[loop] = new Dictionary<string, int>(standing, StringComparer.Ordinal);
        }
    }

    /// <summary>What the last service pass left: this cluster's services exported, and the ServiceImports it holds.</summary>
    public void Services(int exported, int imported)
    {
        lock (gate)
        {
            exports = exported;
            imports = imported;
        }
    }

    public string Render()
    {
        var text = new PrometheusText();
        text.Family("vxmesh_build_info", "gauge", "Always 1; the controller's version as a label.").Sample("vxmesh_build_info", 1, ("version", AgentMetrics.Version));
        lock (gate)
        {
            text.Family("vxmesh_controller_leader", "gauge", "1 while this replica holds the lease vxmesh-system/vxmesh-controller and does the work.")
                .Sample("vxmesh_controller_leader", leader);
            text.Family("vxmesh_controller_leader_terms_total", "counter", "Times this replica took the lease.")
                .Sample("vxmesh_controller_leader_terms_total", leaderTerms);
            text.Family("vxmesh_controller_passes_total", "counter", "Controller passes by loop (pools: IPPools or exemptions, RemoteCluster status, Events; services: MCS exports and imports) and outcome (ok, error).");
            foreach (var ((loop, outcome), n) in passes.OrderBy(p => p.Key.Loop, StringComparer.Ordinal).ThenBy(p => p.Key.Outcome, StringComparer.Ordinal))
            {
                text.Sample("vxmesh_controller_passes_total", n, ("loop", loop), ("outcome", outcome));
            }
            text.Family("vxmesh_controller_last_success_timestamp_seconds", "gauge", "Unix time of the last pool pass that ran to its end (NaN before the first).")
                .Sample("vxmesh_controller_last_success_timestamp_seconds", lastSuccess);
            text.Family("vxmesh_controller_api_writes_total", "counter", "Objects the controller applied or deleted in its cluster's API, by kind (IPPool, RemoteCluster, Service, EndpointSlice, ServiceImport) and action (apply: created or corrected, delete, refused: the API would not take it); writes that change nothing are not counted.");
            foreach (var ((kind, action), n) in writes.OrderBy(p => p.Key.Kind, StringComparer.Ordinal).ThenBy(p => p.Key.Action, StringComparer.Ordinal))
            {
                text.Sample("vxmesh_controller_api_writes_total", n, ("kind", kind), ("action", action));
            }
            text.Family("vxmesh_controller_registry_connected", "gauge", "1 when the last pool pass found the registry's watch connected, 0 when it ran on the last view (NaN before the first pass).")
                .Sample("vxmesh_controller_registry_connected", registryConnected);
            text.Family("vxmesh_controller_remote_cluster_nodes", "gauge", "Nodes of each other cluster in the mesh (registered and not excluded), as the last pool pass saw them.");
            foreach (var (cluster, n) in remoteNodes.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                text.Sample("vxmesh_controller_remote_cluster_nodes", n, ("cluster", cluster));
            }
            text.Family("vxmesh_controller_problems", "gauge", "Problems standing after the last pass of each loop, by the reason of the Warning Event that reports them (MeshProblem, NotInMesh, NotRegistered, PoolConflict, PortConflict, NameTaken, ...).");
            foreach (var (loop, standing) in problems.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                foreach (var (reason, n) in standing.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    text.Sample("vxmesh_controller_problems", n, ("loop", loop), ("reason", reason));
                }
            }
            text.Family("vxmesh_controller_service_exports", "gauge", "This cluster's ServiceExports published to the mesh (valid ones) after the last service pass (NaN before it).")
                .Sample("vxmesh_controller_service_exports", exports);
            text.Family("vxmesh_controller_service_imports", "gauge", "ServiceImports this cluster holds after the last service pass (NaN before it).")
                .Sample("vxmesh_controller_service_imports", imports);
        }
        if (RegistryLoads is { } loads)
        {
            text.Family("vxmesh_controller_registry_full_loads_total", "counter", "Full reads of the registry in this term (1 at the start, then one per reconnect or compaction).")
                .Sample("vxmesh_controller_registry_full_loads_total", loads());
        }
        text.Histogram("vxmesh_controller_pass_duration_seconds", "Wall time of one pool pass (pools or exemptions, status, Events).", passDuration.Snapshot());
        text.Histogram("vxmesh_controller_service_pass_duration_seconds", "Wall time of one service pass (exports published, imports derived).", servicePassDuration.Snapshot());
        return text.ToString();
    }
}
