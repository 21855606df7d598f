using System.Net;
using System.Text;

namespace VxMesh.Agent.Registry.Etcd;

/// <summary>
/// The key layout under one prefix (default <c>/vxmesh/</c>; docs/registry.md):
/// <code>
/// PREFIX mesh                    mesh settings (MeshRecord)
/// PREFIX clusters/CLUSTER        one cluster without its nodes (ClusterRecord)
/// PREFIX nodes/CLUSTER/NODE      one node's registration (NodeRegistration), attached to its liveness lease
/// PREFIX vtep-ips/IP             a VTEP address allocation (VtepAllocation), no lease: it outlives restarts
/// PREFIX service-exports/CLUSTER/NAMESPACE/NAME
///                                a Service exported from CLUSTER (ServiceExportRecord), attached to its
///                                controller's lease: a cluster whose controller is gone stops exporting
/// PREFIX claims/CLUSTER/NODE     what a node holds for its identity (NodeClaim), no lease: it outlives deregistration
/// </code>
/// One key per node keeps every agent's write independent (no read-modify-write of a shared
/// list) and lets the lease delete exactly that node when its agent dies.
/// </summary>
public sealed record RegistryKeys
{
    public const string DefaultPrefix = "/vxmesh/";

    private const string MeshName = "mesh";
    private const string ClustersDir = "clusters/";
    private const string NodesDir = "nodes/";
    private const string VtepIpsDir = "vtep-ips/";
    private const string ServiceExportsDir = "service-exports/";
    private const string ClaimsDir = "claims/";

    /// <summary>Normalised: starts and ends with '/', so "vxmesh" and "/vxmesh/" mean the same place.</summary>
    public string Prefix { get; }

    public RegistryKeys(string? prefix = null)
    {
        var p = (prefix ?? DefaultPrefix).Trim();
        if (p.Length == 0 || p.Trim('/').Length == 0 || p.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"'{prefix}' is not a usable key prefix: write a path like {DefaultPrefix}");
        }
        Prefix = (p.StartsWith('/') ? "" : "/") + p.TrimEnd('/') + "/";
    }

    public string Mesh => Prefix + MeshName;

    public string ClustersPrefix => Prefix + ClustersDir;

    public string NodesPrefix => Prefix + NodesDir;

    public string VtepIpsPrefix => Prefix + VtepIpsDir;

    public string ServiceExportsPrefix => Prefix + ServiceExportsDir;

    public string ClaimsPrefix => Prefix + ClaimsDir;

    public string Cluster(string name) => ClustersPrefix + name;

    /// <summary>Where <paramref name="cluster"/> publishes its export of Service <paramref name="ns"/>/<paramref name="name"/>.</summary>
    public string ServiceExport(string cluster, string ns, string name) => ServiceExportsPrefix + cluster + "/" + ns + "/" + name;

    public string Claim(string cluster, string node) => ClaimsPrefix + cluster + "/" + node;

    public string Node(string cluster, string node) => NodesPrefix + cluster + "/" + node;

    public string VtepIp(IPAddress ip) => VtepIpsPrefix + ip;

    /// <summary>What a key under the prefix is; <see cref="RegistryKeyKind.Unknown"/> for anything else (ignored, never deleted).</summary>
    public RegistryKeyKind Classify(string key) => key switch
    {
        _ when key == Mesh => RegistryKeyKind.Mesh,
        _ when IsChild(key, ClustersPrefix, parts: 1) => RegistryKeyKind.Cluster,
        _ when IsChild(key, NodesPrefix, parts: 2) => RegistryKeyKind.Node,
        _ when IsChild(key, VtepIpsPrefix, parts: 1) => RegistryKeyKind.VtepIp,
        _ when IsChild(key, ServiceExportsPrefix, parts: 3) => RegistryKeyKind.ServiceExport,
        _ when IsChild(key, ClaimsPrefix, parts: 2) => RegistryKeyKind.Claim,
        _ => RegistryKeyKind.Unknown,
    };

    /// <summary>The exclusive end of the range holding every key that starts with <paramref name="prefix"/> (etcd's "prefix" range).</summary>
    public static byte[] RangeEnd(string prefix)
    {
        var bytes = Encoding.UTF8.GetBytes(prefix);
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            if (bytes[i] < 0xFF)
            {
                bytes[i]++;
                return bytes[..(i + 1)];
            }
        }
        return [0];
    }

    private static bool IsChild(string key, string dir, int parts)
    {
        if (!key.StartsWith(dir, StringComparison.Ordinal))
        {
            return false;
        }
        var rest = key[dir.Length..].Split('/');
        return rest.Length == parts && rest.All(p => p.Length > 0);
    }
}

public enum RegistryKeyKind
{
    Unknown,
    Mesh,
    Cluster,
    Node,
    VtepIp,
    ServiceExport,
    Claim,
}
