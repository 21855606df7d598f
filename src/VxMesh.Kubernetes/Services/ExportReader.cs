using k8s.Models;

namespace VxMesh.Kubernetes.Services;

/// <summary>An export that can be published, or why not (the ServiceExport's Valid=False reason and message).</summary>
public sealed record ExportOutcome(ServiceExportRecord? Record, string? Reason, string? Message)
{
    public bool Valid => Record is not null;
}

/// <summary>
/// Turns a ServiceExport's Service and Endpoints into the record the cluster publishes; pure. Only
/// ready addresses count (Endpoints' notReadyAddresses stay home), so a replica failing readiness
/// leaves every importing cluster as it leaves the local Service. Reasons follow the MCS API's
/// (NoService, InvalidServiceType).
/// </summary>
public static class ExportReader
{
    public static ExportOutcome Read(string cluster, string ns, string name, DateTimeOffset exportedAt, V1Service? service, V1Endpoints? endpoints)
    {
        if (service is null)
        {
            return new(null, "NoService", $"there is no Service {ns}/{name} in this cluster: create it (a ServiceExport exports the Service of the same name)");
        }
        if (service.Spec?.Type == "ExternalName")
        {
            return new(null, "InvalidServiceType", $"Service {ns}/{name} is of type ExternalName, which the multi-cluster services API does not export");
        }
        var ports = (service.Spec?.Ports ?? []).Select(p => new ExportedPort(p.Name ?? "", p.Protocol ?? "TCP", p.Port))
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Port).ToList();
        var subsets = (endpoints?.Subsets ?? [])
            .Select(s => new ExportedEndpoints(
                (s.Addresses ?? []).Select(a => a.Ip).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
                (s.Ports ?? []).Select(p => new ExportedPort(p.Name ?? "", p.Protocol ?? "TCP", p.Port)).OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Port).ToList()))
            .Where(s => s.Ips.Count > 0 && s.Ports.Count > 0)
            .OrderBy(s => s.Ips[0], StringComparer.Ordinal)
            .ToList();
        var headless = service.Spec?.ClusterIP == "None";
        return new(new ServiceExportRecord(cluster, ns, name, headless ? ServiceExportRecord.Headless : ServiceExportRecord.ClusterSetIp,
            service.Spec?.SessionAffinity ?? "None", ports, subsets, exportedAt,
            service.Spec?.SessionAffinity == "ClientIP" ? service.Spec.SessionAffinityConfig?.ClientIP?.TimeoutSeconds : null), null, null);
    }
}
