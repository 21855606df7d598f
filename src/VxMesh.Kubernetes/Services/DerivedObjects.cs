using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace VxMesh.Kubernetes.Services;

/// <summary>A derived object's body for server-side apply and the hash of its content.</summary>
public sealed record DerivedBody(string Namespace, string Name, Dictionary<string, object?> Body, string Hash)
{
    public string Key => $"{Namespace}/{Name}";
}

/// <summary>
/// The objects an importing cluster holds for a <see cref="DesiredImport"/>; pure. The derived
/// Service is selectorless (no pod of this cluster is picked), so the EndpointSlice controller leaves
/// it alone and kube-proxy programs it from our slices alone: a connection to its ClusterIP is DNATed
/// here to a remote pod IP and crosses the mesh unmasqueraded, so the server sees the client's IP.
/// Labels follow the MCS API's (multicluster.kubernetes.io/service-name, …/source-cluster) so
/// CoreDNS's multicluster plugin and other tools find them.
/// </summary>
public static class DerivedObjects
{
    public const string ServiceNameLabel = "multicluster.kubernetes.io/service-name";
    public const string SourceClusterLabel = "multicluster.kubernetes.io/source-cluster";
    public const string HashAnnotation = "vxmesh.io/derived-hash";
    public const string SliceServiceLabel = "kubernetes.io/service-name";
    public const string SliceManagedByLabel = "endpointslice.kubernetes.io/managed-by";
    public const string SliceManagedByValue = "vxmesh-controller.vxmesh.io";
    public const string Group = "multicluster.x-k8s.io";
    public const string Version = "v1alpha1";
    public const string ServiceImports = "serviceimports";
    public const string ServiceExports = "serviceexports";
    private const string Prefix = "derived-";
    private const int MaxName = 63;

    /// <summary>The derived Service's name: derived-NAME, shortened with a hash when that exceeds a DNS label.</summary>
    public static string ServiceName(string name)
    {
        var full = Prefix + name;
        return full.Length <= MaxName ? full : $"{full[..(MaxName - 9)]}-{ShortHash(name)[..8]}";
    }

    public static string SliceName(string name, string cluster, int index) => $"{ServiceName(name)}-{cluster}-{index}";

    public static DerivedBody Service(DesiredImport import)
    {
        var spec = new Dictionary<string, object?>
        {
            ["type"] = "ClusterIP",
            ["sessionAffinity"] = import.SessionAffinity,
            ["ports"] = Ports(import.Ports),
        };
        if (import.Type == ServiceExportRecord.Headless)
        {
            spec["clusterIP"] = "None";
        }
        AddAffinityConfig(spec, import);
        return Finish(import.Namespace, ServiceName(import.Name), "v1", "Service", Labels(import.Name, null), new() { ["spec"] = spec });
    }

    /// <param name="ip">The derived Service's ClusterIP (null while unknown and for headless imports).</param>
    public static DerivedBody Import(DesiredImport import, string? ip)
    {
        var spec = new Dictionary<string, object?>
        {
            ["type"] = import.Type,
            ["sessionAffinity"] = import.SessionAffinity,
            ["ports"] = Ports(import.Ports),
        };
        if (ip is { Length: > 0 } && ip != "None")
        {
            spec["ips"] = new List<string> { ip };
        }
        AddAffinityConfig(spec, import);
        var status = new Dictionary<string, object?> { ["clusters"] = import.Clusters.Select(c => new Dictionary<string, object?> { ["cluster"] = c }).ToList() };
        return Finish(import.Namespace, import.Name, $"{Group}/{Version}", "ServiceImport", Labels(import.Name, null), new() { ["spec"] = spec, ["status"] = status });
    }

    /// <param name="apiVersion">discovery.k8s.io/v1, or v1beta1 on servers before 1.21: the fields used here are the same in both.</param>
    public static DerivedBody Slice(DesiredImport import, DesiredSlice slice, string apiVersion)
    {
        var labels = Labels(import.Name, slice.SourceCluster);
        labels[SliceServiceLabel] = ServiceName(import.Name);
        labels[SliceManagedByLabel] = SliceManagedByValue;
        return Finish(import.Namespace, SliceName(import.Name, slice.SourceCluster, slice.Index), apiVersion, "EndpointSlice", labels, new()
        {
            ["addressType"] = "IPv4",
            ["endpoints"] = slice.Ips.Select(ip => new Dictionary<string, object?>
            {
                ["addresses"] = new List<string> { ip },
                ["conditions"] = new Dictionary<string, object?> { ["ready"] = true },
            }).ToList(),
            ["ports"] = Ports(slice.Ports),
        });
    }

    /// <summary>
    /// Ports as the API writes them; an unnamed port (a single-port Service's) has no name field at all. Sent as "",
    /// the lab's Kubernetes 1.20 refused the ServiceImport (422: spec.ports.name must be of type string: "null").
    /// </summary>
    private static List<Dictionary<string, object?>> Ports(IEnumerable<ExportedPort> ports) =>
        [.. ports.Select(p =>
        {
            var port = new Dictionary<string, object?> { ["protocol"] = p.Protocol, ["port"] = p.Port };
            if (p.Name.Length > 0)
            {
                port["name"] = p.Name;
            }
            return port;
        })];

    /// <summary>ClientIP affinity's timeout, as the exported Service has it (the MCS API: the import's affinity matches the export's).</summary>
    private static void AddAffinityConfig(Dictionary<string, object?> spec, DesiredImport import)
    {
        if (import.SessionAffinity == "ClientIP" && import.AffinityTimeoutSeconds is { } timeout)
        {
            spec["sessionAffinityConfig"] = new Dictionary<string, object?> { ["clientIP"] = new Dictionary<string, object?> { ["timeoutSeconds"] = timeout } };
        }
    }

    public static string ShortHash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];

    private static Dictionary<string, string> Labels(string service, string? sourceCluster)
    {
        var labels = new Dictionary<string, string> { [Names.ManagedBy] = Names.ManagedByValue, [ServiceNameLabel] = service };
        if (sourceCluster is not null)
        {
            labels[SourceClusterLabel] = sourceCluster;
        }
        return labels;
    }

    private static DerivedBody Finish(string ns, string name, string apiVersion, string kind, Dictionary<string, string> labels, Dictionary<string, object?> content)
    {
        var hash = ShortHash(JsonSerializer.Serialize(new { labels = labels.OrderBy(l => l.Key, StringComparer.Ordinal), content }));
        var body = new Dictionary<string, object?>
        {
            ["apiVersion"] = apiVersion,
            ["kind"] = kind,
            ["metadata"] = new Dictionary<string, object?>
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["labels"] = labels,
                ["annotations"] = new Dictionary<string, string> { [HashAnnotation] = hash },
            },
        };
        foreach (var (key, value) in content)
        {
            body[key] = value;
        }
        return new DerivedBody(ns, name, body, hash);
    }
}
