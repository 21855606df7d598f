namespace VxMesh.Kubernetes.Services;

/// <summary>One exporting cluster's ready endpoints with their target ports: one derived EndpointSlice.</summary>
public sealed record DesiredSlice(string SourceCluster, int Index, IReadOnlyList<string> Ips, IReadOnlyList<ExportedPort> Ports);

/// <summary>
/// What an importing cluster holds for one exported Service: a ServiceImport and a Service of the
/// winning export's type and ports, and one EndpointSlice per exporting cluster and subset.
/// </summary>
/// <param name="Clusters">Every cluster exporting it (the ServiceImport's status.clusters), sorted.</param>
/// <param name="Winner">The cluster whose definition is in effect: the oldest export (then the smallest name).</param>
/// <param name="Ports">The union of the exports' ports (KEP-1645): the winner's, then each other export's whose name and number are not taken yet.</param>
/// <param name="Conflicting">Clusters whose ports or type differ from the winner's: their endpoints are kept, their definition is not.</param>
/// <param name="AffinityTimeoutSeconds">The winner's ClientIP affinity timeout, carried to the ServiceImport and the derived Service.</param>
public sealed record DesiredImport(
    string Namespace, string Name, string Type, string SessionAffinity, IReadOnlyList<ExportedPort> Ports,
    IReadOnlyList<string> Clusters, IReadOnlyList<DesiredSlice> Slices, string Winner, IReadOnlyList<string> Conflicting,
    int? AffinityTimeoutSeconds = null)
{
    public string Service => $"{Namespace}/{Name}";
}

/// <summary>
/// The registry's exports → the imports every cluster derives; pure and deterministic (sorted
/// output). A Service exported by several clusters merges into one import whose endpoints are
/// all of theirs (namespace sameness: same namespace and name mean the same service). Exports of
/// clusters no longer in the registry are dropped, so a cluster that leaves leaves every import.
/// </summary>
public static class ImportDerivation
{
    public static IReadOnlyList<DesiredImport> Derive(IEnumerable<ServiceExportRecord> records, IReadOnlySet<string> liveClusters) =>
        records.Where(r => liveClusters.Contains(r.Cluster))
            .GroupBy(r => (r.Namespace, r.Name))
            .OrderBy(g => g.Key.Namespace, StringComparer.Ordinal).ThenBy(g => g.Key.Name, StringComparer.Ordinal)
            .Select(g => Merge([.. g.OrderBy(r => r.Cluster, StringComparer.Ordinal)]))
            .ToList();

    /// <summary>Why <paramref name="record"/> conflicts with the definition in effect, or null when it agrees.</summary>
    public static string? ConflictOf(ServiceExportRecord record, ServiceExportRecord winner)
    {
        if (record.Type != winner.Type)
        {
            return $"cluster {record.Cluster} exports {record.Service} as {record.Type}, cluster {winner.Cluster} (the oldest export) as {winner.Type}";
        }
        return record.Ports.SequenceEqual(winner.Ports)
            ? null
            : $"cluster {record.Cluster} exports {record.Service} with ports {Describe(record.Ports)}, cluster {winner.Cluster} (the oldest export) with {Describe(winner.Ports)}: the oldest's are in effect";
    }

    /// <summary>
    /// Why <paramref name="record"/>'s service is in conflict, seen from its cluster, or null: its own
    /// difference from the winner, or — for the winner itself — another cluster's difference from it.
    /// The MCS API reports a conflict on every export of the service, not only on the one that loses.
    /// </summary>
    public static string? ConflictFor(ServiceExportRecord record, IReadOnlyList<ServiceExportRecord> sameService)
    {
        var winner = WinnerOf(sameService);
        return ConflictOf(record, winner) ?? sameService.Where(r => r.Cluster != record.Cluster).Select(r => ConflictOf(r, winner)).FirstOrDefault(c => c is not null);
    }

    /// <summary>The winner's ports, then every other export's (oldest first) whose name and whose number/protocol are both still free; sorted.</summary>
    public static IReadOnlyList<ExportedPort> UnionOfPorts(IReadOnlyList<ServiceExportRecord> sameService)
    {
        var winner = WinnerOf(sameService);
        var ports = winner.Ports.ToList();
        foreach (var port in sameService.Where(r => r != winner).OrderBy(r => r.ExportedAt).ThenBy(r => r.Cluster, StringComparer.Ordinal).SelectMany(r => r.Ports))
        {
            if (winner.Type == ServiceExportRecord.ClusterSetIp && ports.All(p => p.Name != port.Name && (p.Port, p.Protocol) != (port.Port, port.Protocol)))
            {
                ports.Add(port);
            }
        }
        return ports.OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Port).ToList();
    }

    /// <summary>The export whose definition is in effect among those of one Service.</summary>
    public static ServiceExportRecord WinnerOf(IEnumerable<ServiceExportRecord> sameService) =>
        sameService.OrderBy(r => r.ExportedAt).ThenBy(r => r.Cluster, StringComparer.Ordinal).First();

    public static string Describe(IEnumerable<ExportedPort> ports) =>
        "[" + string.Join(", ", ports.Select(p => (p.Name.Length > 0 ? p.Name + " " : "") + $"{p.Port}/{p.Protocol}")) + "]";

    private static DesiredImport Merge(IReadOnlyList<ServiceExportRecord> exports)
    {
        var winner = WinnerOf(exports);
        var slices = exports.SelectMany(r => r.Endpoints.Select((e, i) => new DesiredSlice(r.Cluster, i, e.Ips, e.Ports))).ToList();
        var conflicting = exports.Where(r => ConflictOf(r, winner) is not null).Select(r => r.Cluster).ToList();
        return new DesiredImport(winner.Namespace, winner.Name, winner.Type, winner.SessionAffinity, UnionOfPorts(exports),
            exports.Select(r => r.Cluster).ToList(), slices, winner.Cluster, conflicting, winner.AffinityTimeoutSeconds);
    }
}
