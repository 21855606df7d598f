using System.Globalization;
using System.Net;
using System.Text.Json;
using VxMesh.Core.Loading;
using VxMesh.Core.Model;
using YamlDotNet.RepresentationModel;

namespace VxMesh.Agent.Registry.Etcd;

/// <summary>What <c>vxmesh registry load</c> writes, read from an inventory file.</summary>
/// <param name="Nodes">The file's nodes (validated, MAC and VTEP IP resolved); empty when any cluster lists none.</param>
public sealed record RegistryFileContents(MeshRecord Mesh, IReadOnlyList<ClusterRecord> Clusters, IReadOnlyList<(string Cluster, NodeSpec Node)> Nodes);

/// <summary>
/// Reads an inventory for the registry. Validation is the inventory loader's, with one
/// allowance: in etcd mode agents register their own nodes, so a cluster may list none (the
/// file format requires a non-empty <c>nodes:</c>; that single requirement is waived for clusters
/// that have no node entries at all). Every other problem stands, and a file with any problem
/// yields no contents, so nothing is written.
/// </summary>
public static partial class RegistryFile
{
    public static (RegistryFileContents? Contents, IReadOnlyList<InventoryProblem> Problems) Parse(string yamlText, string sourceName, DateTimeOffset now)
    {
        var result = InventoryLoader.Parse(yamlText, sourceName);
        var root = TryRoot(yamlText);
        var nodeless = root is null ? [] : NodelessClusters(root);
        var problems = result.Problems.Where(p => !nodeless.Contains(p.Key)).ToList();
        if (problems.Count > 0 || root is null)
        {
            return (null, problems.Count > 0 ? problems : result.Problems);
        }
        var mesh = ReadMesh(root.Children.TryGetValue("mesh", out var m) ? m as YamlMappingNode : null, now);
        var clusters = ((YamlSequenceNode)root.Children["clusters"]).Children
            .Select(c => ReadCluster((YamlMappingNode)c, now)).ToList();
        var nodes = result.Inventory?.AllNodes.Select(p => (p.Cluster.Name, p.Node)).ToList() ?? [];
        return (new RegistryFileContents(mesh, clusters, nodes), []);
    }

    private static YamlMappingNode? TryRoot(string text)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            return stream.Documents.Count == 1 ? stream.Documents[0].RootNode as YamlMappingNode : null;
        }
        catch (YamlDotNet.Core.YamlException)
        {
            return null;
        }
    }

    /// <summary>Key paths (<c>clusters[i].nodes</c>) of clusters with no node entries: absent, empty or an empty list.</summary>
    private static HashSet<string> NodelessClusters(YamlMappingNode root)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        if (!root.Children.TryGetValue("clusters", out var clusters) || clusters is not YamlSequenceNode list)
        {
            return paths;
        }
        for (var i = 0; i < list.Children.Count; i++)
        {
            if (list.Children[i] is not YamlMappingNode cluster)
            {
                continue;
            }
            var empty = !cluster.Children.TryGetValue("nodes", out var nodes)
                || nodes is YamlSequenceNode { Children.Count: 0 }
                || nodes is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: null or "" or "~" or "null" };
            if (empty)
            {
                paths.Add($"clusters[{i}].nodes");
            }
        }
        return paths;
    }

    // The loader has checked every value below; these reads only convert text it accepted.

    private static MeshRecord ReadMesh(YamlMappingNode? mesh, DateTimeOffset now)
    {
        var d = MeshSettings.Default;
        return new MeshRecord(
            Vni: Scalar(mesh, "vni") is { } vni ? uint.Parse(vni, CultureInfo.InvariantCulture) : d.Vni,
            Port: Scalar(mesh, "port") is { } port ? int.Parse(port, CultureInfo.InvariantCulture) : d.Port,
            Device: Scalar(mesh, "device") ?? d.Device,
            VtepCidr: Scalar(mesh, "vtepCidr") is { } cidr ? IPNetwork.Parse(cidr) : null,
            Mtu: Scalar(mesh, "mtu") is { } mtu ? int.Parse(mtu, CultureInfo.InvariantCulture) : null,
            Backend: Scalar(mesh, "backend") is { } backend ? EnumFromText<Backend>(backend) : d.Backend,
            TxChecksumOffload: Scalar(mesh, "txChecksumOffload") is { } flag ? bool.Parse(flag) : d.TxChecksumOffload,
            UpdatedAt: now);
    }

    private static ClusterRecord ReadCluster(YamlMappingNode cluster, DateTimeOffset now) => new(
        Name: Scalar(cluster, "name")!,
        Cni: Scalar(cluster, "cni") is { } cni ? EnumFromText<CniKind>(cni) : CniKind.Other,
        PodCidrs: Networks(cluster, "podCidrs"),
        ServiceCidrs: Networks(cluster, "serviceCidrs"),
        PodMtu: Scalar(cluster, "podMtu") is { } podMtu ? int.Parse(podMtu, CultureInfo.InvariantCulture) : null,
        UpdatedAt: now);

    private static string? Scalar(YamlMappingNode? map, string key) =>
        map is not null && map.Children.TryGetValue(key, out var node) && node is YamlScalarNode scalar ? scalar.Value : null;

    private static List<IPNetwork> Networks(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(key, out var node) && node is YamlSequenceNode list
            ? list.Children.OfType<YamlScalarNode>().Select(s => IPNetwork.Parse(s.Value!)).ToList()
            : [];

    /// <summary>Inventory enum spellings are the JSON ones (kebab-case), so one converter reads both.</summary>
    private static T EnumFromText<T>(string text) where T : struct, Enum =>
        JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(text), RegistryJson.Options);
}
