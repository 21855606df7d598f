using System.Globalization;
using System.Net;
using System.Text.Json;
using VxMesh.Core.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace VxMesh.Agent.Registry.Etcd;

/// <summary>
/// Renders registry records as inventory YAML, the input of the one validator
/// (<see cref="Core.Inventory.InventoryLoader"/>). Text values are double-quoted so a node name
/// like "null" or one with a newline arrives as the text it is, never as YAML structure; numbers
/// and flags are plain because the loader (rightly) refuses quoted ones.
/// </summary>
public static class InventoryYaml
{
    public static string Render(MeshRecord mesh, IEnumerable<(ClusterRecord Cluster, IReadOnlyList<NodeRegistration> Nodes)> clusters)
    {
        var root = new YamlMappingNode
        {
            { "mesh", Mesh(mesh) },
            { "clusters", new YamlSequenceNode(clusters.Select(c => Cluster(c.Cluster, c.Nodes))) },
        };
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    private static YamlMappingNode Mesh(MeshRecord mesh)
    {
        var map = new YamlMappingNode
        {
            { "vni", Plain(mesh.Vni.ToString(CultureInfo.InvariantCulture)) },
            { "port", Plain(mesh.Port.ToString(CultureInfo.InvariantCulture)) },
            { "device", Quoted(mesh.Device) },
            { "backend", Quoted(EnumText(mesh.Backend)) },
            { "txChecksumOffload", Plain(mesh.TxChecksumOffload ? "true" : "false") },
        };
        if (mesh.VtepCidr is { } cidr)
        {
            map.Add("vtepCidr", Quoted(cidr.ToString()));
        }
        if (mesh.Mtu is { } mtu)
        {
            map.Add("mtu", Plain(mtu.ToString(CultureInfo.InvariantCulture)));
        }
        return map;
    }

    private static YamlMappingNode Cluster(ClusterRecord cluster, IReadOnlyList<NodeRegistration> nodes)
    {
        var map = new YamlMappingNode
        {
            { "name", Quoted(cluster.Name) },
            { "cni", Quoted(EnumText(cluster.Cni)) },
            { "podCidrs", List(cluster.PodCidrs) },
        };
        if (cluster.ServiceCidrs.Count > 0)
        {
            map.Add("serviceCidrs", List(cluster.ServiceCidrs));
        }
        if (cluster.PodMtu is { } podMtu)
        {
            map.Add("podMtu", Plain(podMtu.ToString(CultureInfo.InvariantCulture)));
        }
        map.Add("nodes", new YamlSequenceNode(nodes.Select(Node)));
        return map;
    }

    private static YamlMappingNode Node(NodeRegistration node)
    {
        var map = new YamlMappingNode
        {
            { "name", Quoted(node.Name) },
            { "ip", Quoted(node.Ip.ToString()) },
            { "podCidrs", List(node.PodCidrs) },
        };
        if (node.UnderlayDev is { } dev)
        {
            map.Add("underlayDev", Quoted(dev));
        }
        if (node.VtepIp is { } vtepIp)
        {
            map.Add("vtepIp", Quoted(vtepIp.ToString()));
        }
        if (node.VtepMac is { } mac)
        {
            map.Add("vtepMac", Quoted(Mac.Format(mac)));
        }
        return map;
    }

    private static YamlSequenceNode List(IEnumerable<IPNetwork> networks) =>
        new(networks.Select(n => (YamlNode)Quoted(n.ToString()))) { Style = SequenceStyle.Flow };

    /// <summary>The inventory spelling of an enum (kebab-case), taken from the JSON format so the two cannot drift.</summary>
    private static string EnumText<T>(T value) where T : struct, Enum =>
        JsonSerializer.Deserialize<string>(RegistryJson.EncodeText(value))!;

    private static YamlScalarNode Plain(string text) => new(text) { Style = ScalarStyle.Plain };

    private static YamlScalarNode Quoted(string text) => new(text) { Style = ScalarStyle.DoubleQuoted };
}
