using k8s;
using VxMesh.Agent.Registry.Etcd;
using VxMesh.Core.Loading;

namespace VxMesh.Kubernetes.Config;

/// <summary>
/// The install's ConfigMap (vxmesh-config): the mesh settings and this cluster's identity in the
/// inventory's own form (`mesh:` and a `clusters:` list holding this one cluster, no nodes — they
/// register themselves), validated exactly as `vxmesh registry load` validates a file, and the
/// registry's etcd endpoints.
/// </summary>
/// <param name="Contents">Mesh settings and the one cluster.</param>
public sealed record MeshConfig(RegistryFileContents Contents, string EtcdEndpoints, string Source)
{
    public ClusterRecord Cluster => Contents.Clusters[0];

    public string MeshYaml { get; init; } = "";

    /// <summary>Reads and validates it; a problem is a <see cref="MeshConfigException"/> naming the key and the fix.</summary>
    public static async Task<MeshConfig> ReadAsync(IKubernetes client, string ns, TimeProvider time, CancellationToken cancel)
    {
        var source = $"configmap {ns}/{Names.ConfigMap}";
        k8s.Models.V1ConfigMap map;
        try
        {
            map = await client.CoreV1.ReadNamespacedConfigMapAsync(Names.ConfigMap, ns, cancellationToken: cancel);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            throw new MeshConfigException($"{source} does not exist: apply deploy/ (its 10-config.yaml) or install the Helm chart first");
        }
        return Parse(map.Data ?? new Dictionary<string, string>(), source, time.GetUtcNow());
    }

    public static MeshConfig Parse(IDictionary<string, string> data, string source, DateTimeOffset now)
    {
        if (!data.TryGetValue(Names.MeshKey, out var yaml) || string.IsNullOrWhiteSpace(yaml))
        {
            throw new MeshConfigException($"{source}: key {Names.MeshKey} is missing (fix: mesh settings and this cluster as `mesh:` and `clusters: [...]`)");
        }
        if (!data.TryGetValue(Names.EtcdKey, out var etcd) || string.IsNullOrWhiteSpace(etcd))
        {
            throw new MeshConfigException($"{source}: key {Names.EtcdKey} is missing (fix: the registry's etcd client URLs, e.g. https://10.0.0.5:2379)");
        }
        var (contents, problems) = RegistryFile.Parse(yaml, $"{source} key {Names.MeshKey}", now);
        if (contents is null)
        {
            throw new MeshConfigException(string.Join("\n", problems.Select(p => p.ToString())));
        }
        if (contents.Clusters.Count != 1)
        {
            throw new MeshConfigException($"{source} key {Names.MeshKey}: clusters lists {contents.Clusters.Count} clusters; it must hold exactly this cluster " +
                "(fix: one entry with this cluster's name, cni, podCidrs and serviceCidrs; the other clusters publish themselves)");
        }
        return new MeshConfig(contents, etcd.Trim(), source) { MeshYaml = yaml };
    }
}

/// <summary>The install's configuration cannot be used: exit 2 with this message.</summary>
public sealed class MeshConfigException(string message) : Exception(message);
