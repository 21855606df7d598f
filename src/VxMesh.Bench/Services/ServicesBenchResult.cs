using VxMesh.Lab.Kubernetes;

namespace VxMesh.Bench.Services;

/// <summary>The ways a pod of one cluster reaches an HTTP server of another (and of its own), as `bench services` measures them.</summary>
public enum ServicePathKind
{
    /// <summary>Straight to a remote pod's IP over the mesh: the baseline every other row is divided by.</summary>
    PodToPod,

    /// <summary>A ClusterIP of the client's own cluster (its own kube-proxy, a local pod).</summary>
    LocalClusterIp,

    /// <summary>The other cluster's own ClusterIP: ECMP to one of its nodes, whose kube-proxy translates (masquerading the client).</summary>
    RemoteClusterIp,

    /// <summary>An imported service's IP (the derived ClusterIP): the client's own kube-proxy picks a remote pod, no SNAT.</summary>
    ImportedService,
}

/// <summary>One row of seeds/004's latency table: curl's timings through one path, one process per request.</summary>
/// <param name="Target">The address curled.</param>
/// <param name="TotalMs">curl's time_total per answered request.</param>
/// <param name="ConnectMs">curl's time_connect per answered request.</param>
public sealed record ServicePathRow(ServicePathKind Kind, string Target, int Requests, int Failures, IReadOnlyList<double> TotalMs, IReadOnlyList<double> ConnectMs)
{
    public double TotalP50Ms => Stats.Median(TotalMs);

    public double TotalP99Ms => Stats.Percentile(TotalMs, 99);

    public double ConnectP50Ms => Stats.Median(ConnectMs);
}

/// <summary>
/// `vxmesh bench services`: from a client pod of <see cref="FromCluster"/>, curl latency through each
/// <see cref="ServicePathKind"/> (the rows interleaved request by request, so noise hits all of them alike) with the
/// ratio of each median to pod → pod's in the same run; then <see cref="Spread"/>: N flows to <see cref="ToCluster"/>'s
/// ClusterIP and the share each of its nodes translated.
/// </summary>
public sealed record ServicesBenchResult(string Lab, string FromCluster, string ToCluster, IReadOnlyList<ServicePathRow> Rows, RemoteClusterIpRequests Spread)
{
    /// <summary>Each row's median over pod → pod's (1 for the baseline itself).</summary>
    public IReadOnlyDictionary<ServicePathKind, double> RatioToPodP50 =>
        Rows.ToDictionary(r => r.Kind, r => r.TotalP50Ms / Baseline.TotalP50Ms);

    /// <summary>Per translating node of <see cref="ToCluster"/>: its share of the answered flows.</summary>
    public IReadOnlyDictionary<string, double> ShareByNode =>
        Spread.TranslatedBy.ToDictionary(p => p.Key, p => Spread.Answered == 0 ? 0 : (double)p.Value / Spread.Answered, StringComparer.Ordinal);

    private ServicePathRow Baseline => Rows.Single(r => r.Kind == ServicePathKind.PodToPod);
}
