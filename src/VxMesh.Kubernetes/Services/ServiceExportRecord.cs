namespace VxMesh.Kubernetes.Services;

/// <summary>A port of an exported Service (<see cref="Name"/> "" when the Service has a single unnamed port).</summary>
public sealed record ExportedPort(string Name, string Protocol, int Port);

/// <summary>Ready pod IPs of an exported Service that share one set of target ports (one subset of its Endpoints).</summary>
public sealed record ExportedEndpoints(IReadOnlyList<string> Ips, IReadOnlyList<ExportedPort> Ports);

/// <summary>
/// What one cluster publishes in the registry (PREFIX service-exports/CLUSTER/NAMESPACE/NAME) for one
/// exported Service: enough for every other cluster to derive the ServiceImport, a Service with
/// the same ports and EndpointSlices naming the ready pods. Lists sorted, so equal exports encode to
/// equal bytes and a publisher can compare before writing.
/// </summary>
/// <param name="Type">ClusterSetIP, or Headless for a Service with clusterIP None.</param>
/// <param name="SessionAffinity">The Service's: None or ClientIP.</param>
/// <param name="ExportedAt">The ServiceExport's creation: the oldest export's ports win a conflict (KEP-1645).</param>
/// <param name="AffinityTimeoutSeconds">With ClientIP affinity: the Service's sessionAffinityConfig.clientIP.timeoutSeconds (absent from older records).</param>
public sealed record ServiceExportRecord(
    string Cluster, string Namespace, string Name, string Type, string SessionAffinity,
    IReadOnlyList<ExportedPort> Ports, IReadOnlyList<ExportedEndpoints> Endpoints, DateTimeOffset ExportedAt, int? AffinityTimeoutSeconds = null)
{
    public const string ClusterSetIp = "ClusterSetIP";

    public const string Headless = "Headless";

    public string Service => $"{Namespace}/{Name}";

    /// <summary>Ready endpoints over all subsets.</summary>
    public int ReadyCount => Endpoints.Sum(e => e.Ips.Count);
}
