using System.Text.Json;
using k8s;
using VxMesh.Kubernetes.Config;

namespace VxMesh.Kubernetes;

/// <summary>One node of the mesh as a cluster's API shows it.</summary>
/// <param name="Registered">Own nodes: the agent wrote its registration into the Node's annotations.</param>
public sealed record MeshViewNode(string Name, string? Ip, string? VtepIp, string? VtepMac, IReadOnlyList<string> Blocks, string? LastSeen, bool Registered);

/// <param name="Local">This cluster (from its Nodes and the install's ConfigMap) rather than a RemoteCluster object.</param>
public sealed record MeshViewCluster(string Name, string Cni, IReadOnlyList<string> PodCidrs, IReadOnlyList<string> ServiceCidrs,
    bool Local, IReadOnlyList<MeshViewNode> Nodes, string? LastSeen);

/// <summary>What `vxmesh status --kubernetes` (and `kubectl vxmesh`) shows: this cluster and every remote one the controller published.</summary>
public sealed record MeshView(string Cluster, string Etcd, IReadOnlyList<MeshViewCluster> Clusters)
{
    /// <summary>With `status --kubernetes --agent-port`: each node's data path as its peers' agents see it, by CLUSTER/NODE; null when not asked.</summary>
    public IReadOnlyDictionary<string, Agent.Probing.NodePathSummary>? DataPaths { get; init; }

    /// <summary>Reads the ConfigMap, this cluster's Nodes (their vxmesh.io annotations) and the RemoteCluster objects.</summary>
    public static async Task<MeshView> ReadAsync(IKubernetes client, string ns, CancellationToken cancel)
    {
        var config = await MeshConfig.ReadAsync(client, ns, TimeProvider.System, cancel);
        var own = config.Cluster;
        var nodes = (await client.CoreV1.ListNodeAsync(cancellationToken: cancel)).Items.Select(n =>
        {
            var a = n.Metadata.Annotations ?? new Dictionary<string, string>();
            string? Get(string key) => a.TryGetValue(key, out var v) ? v : null;
            var internalIp = n.Status?.Addresses?.FirstOrDefault(x => x.Type == "InternalIP")?.Address;
            return new MeshViewNode(n.Metadata.Name, Get(Names.PublicIpAnnotation) ?? internalIp, Get(Names.VtepIpAnnotation), Get(Names.VtepMacAnnotation),
                n.Spec?.PodCIDRs?.ToList() ?? [], null, Get(Names.VtepMacAnnotation) is not null);
        }).OrderBy(n => n.Name, StringComparer.Ordinal).ToList();
        var clusters = new List<MeshViewCluster>
        {
            new(own.Name, own.Cni.ToString().ToLowerInvariant(), own.PodCidrs.Select(c => c.ToString()).ToList(),
                own.ServiceCidrs.Select(c => c.ToString()).ToList(), Local: true, nodes, null),
        };
        var remote = await client.CustomObjects.ListClusterCustomObjectAsync<JsonElement>(Names.Group, Names.Version, Names.RemoteClusters, cancellationToken: cancel);
        clusters.AddRange(remote.GetProperty("items").EnumerateArray().Select(Remote).OrderBy(c => c.Name, StringComparer.Ordinal));
        return new MeshView(own.Name, config.EtcdEndpoints, clusters);
    }

    private static MeshViewCluster Remote(JsonElement item)
    {
        var spec = item.GetProperty("spec");
        var status = item.TryGetProperty("status", out var s) ? s : default;
        static IReadOnlyList<string> Strings(JsonElement e, string key) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Array
                ? v.EnumerateArray().Select(x => x.GetString() ?? "").ToList() : [];
        static string? Text(JsonElement e, string key) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var nodes = status.ValueKind == JsonValueKind.Object && status.TryGetProperty("nodes", out var n) && n.ValueKind == JsonValueKind.Array
            ? n.EnumerateArray().Select(x => new MeshViewNode(Text(x, "name") ?? "", Text(x, "ip"), Text(x, "vtepIp"), Text(x, "vtepMac"), Strings(x, "blocks"),
                Text(x, "lastSeen"), true)).ToList()
            : [];
        return new MeshViewCluster(item.GetProperty("metadata").GetProperty("name").GetString() ?? "", Text(spec, "cni") ?? "", Strings(spec, "podCidrs"),
            Strings(spec, "serviceCidrs"), Local: false, nodes, Text(status, "lastSeen"));
    }
}
