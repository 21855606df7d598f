using System.Net;
using VxMesh.Core.Model;
using YamlDotNet.RepresentationModel;

namespace VxMesh.Core.Loading;

/// <summary>
/// Walks the document and turns it into drafts: keys, shapes, types and single-value rules,
/// each with its line. Rules that relate several values live in the *Checks classes.
/// </summary>
internal static class SchemaReader
{
    private static readonly string[] TopKeys = ["mesh", "clusters", "lab"];
    private static readonly string[] MeshKeys = ["vni", "port", "device", "vtepCidr", "mtu", "backend", "txChecksumOffload"];
    private static readonly string[] ClusterKeys = ["name", "cni", "podCidrs", "serviceCidrs", "podMtu", "nodes"];
    private static readonly string[] NodeKeys = ["name", "ip", "underlayDev", "vtepIp", "vtepMac", "podCidrs"];

    private const long MinMtu = 68;
    private const long MaxMtu = 65535;

    public static InventoryDraft Read(YamlNode root, ProblemSink sink)
    {
        var draft = new InventoryDraft();
        var top = MappingReader.Open(root, "", "the inventory", "mesh: and clusters: sections", sink, TopKeys);
        if (top is null)
        {
            return draft;
        }
        if (top.Value("mesh", null) is { } mesh)
        {
            draft.Mesh = ReadMesh(mesh, top.PathOf("mesh"), sink);
        }
        var clusters = ValueReader.Sequence(top, "clusters",
            "add a 'clusters:' list with at least one cluster (see examples/seed-000.yaml)", "{name: cluster-a, ...}");
        foreach (var (node, path) in clusters)
        {
            if (ReadCluster(node, path, sink) is { } cluster)
            {
                draft.Clusters.Add(cluster);
            }
        }
        // The lab section belongs to the lab feature: only its shape is ours to check.
        if (top.Value("lab", null) is { } lab)
        {
            if (lab is YamlMappingNode labMapping)
            {
                draft.Lab = labMapping;
            }
            else
            {
                sink.Add(Pos.Of(lab), "lab", $"'lab' must be a mapping, found {YamlText.Describe(lab)}",
                    "write the lab settings as indented 'key: value' lines under 'lab:', or remove the section");
            }
        }
        return draft;
    }

    private static MeshDraft ReadMesh(YamlNode node, string path, ProblemSink sink)
    {
        var draft = new MeshDraft();
        var map = MappingReader.Open(node, path, "the mesh section", "mesh: {vni: 10001, port: 4789}", sink, MeshKeys);
        if (map is null)
        {
            return draft;
        }
        draft.Vni = ValueReader.Number(map, "vni", "VNI", 1, 16_777_215, "10001");
        draft.Port = ValueReader.Number(map, "port", "UDP port", 1, 65_535, "4789");
        draft.Device = ValueReader.Value<string>(map, "device", null, "vxmesh0", NameRules.TryInterfaceName);
        draft.VtepCidrWritten = map.Has("vtepCidr");
        draft.VtepCidr = ValueReader.Value<IPNetwork>(map, "vtepCidr", null, "179.17.1.0/24", AddressRules.TryCidr);
        draft.Mtu = ValueReader.Number(map, "mtu", "MTU", MinMtu, MaxMtu, "1450");
        draft.Backend = ValueReader.Value<Backend>(map, "backend", null, "vxlan", NameRules.TryBackend);
        draft.TxChecksumOffload = ValueReader.Flag(map, "txChecksumOffload");
        return draft;
    }

    private static ClusterDraft? ReadCluster(YamlNode node, string path, ProblemSink sink)
    {
        var map = MappingReader.Open(node, path, "a cluster", "- name: cluster-a", sink, ClusterKeys);
        if (map is null)
        {
            return null;
        }
        var cluster = new ClusterDraft(path, map.Pos)
        {
            Name = ValueReader.Value<string>(map, "name",
                "add the cluster's name, e.g. name: cluster-a", "cluster-a", NameRules.TryClusterName),
            Cni = ValueReader.Value<CniKind>(map, "cni", null, "calico", NameRules.TryCni),
            PodMtu = ValueReader.Number(map, "podMtu", "pod MTU", MinMtu, MaxMtu, "1440"),
        };
        cluster.PodCidrs.AddRange(ValueReader.List<IPNetwork>(map, "podCidrs",
            "add the cluster's pod ranges, e.g. podCidrs: [10.234.64.0/18]", "10.234.64.0/18", AddressRules.TryCidr));
        cluster.ServiceCidrs.AddRange(ValueReader.List<IPNetwork>(map, "serviceCidrs", null, "10.234.0.0/18", AddressRules.TryCidr));
        var nodes = ValueReader.Sequence(map, "nodes",
            "add a 'nodes:' list with at least one node, e.g. nodes: [{name: node-1, ip: 192.168.0.21, podCidrs: [10.234.111.0/24]}]",
            "{name: node-1, ip: 192.168.0.21, podCidrs: [10.234.111.0/24]}");
        foreach (var (nodeYaml, nodePath) in nodes)
        {
            if (ReadNode(cluster, nodeYaml, nodePath, sink) is { } n)
            {
                cluster.Nodes.Add(n);
            }
        }
        return cluster;
    }

    private static NodeDraft? ReadNode(ClusterDraft cluster, YamlNode node, string path, ProblemSink sink)
    {
        var map = MappingReader.Open(node, path, "a node", "- name: node-1", sink, NodeKeys);
        if (map is null)
        {
            return null;
        }
        var draft = new NodeDraft(cluster, path, map.Pos)
        {
            Name = ValueReader.Value<string>(map, "name",
                "add the node's Kubernetes name, e.g. name: node-1", "node-1", NameRules.TryNodeName),
            Ip = ValueReader.Value<IPAddress>(map, "ip",
                "add the node's underlay address, e.g. ip: 192.168.0.21", "192.168.0.21", AddressRules.TryNodeIp),
            UnderlayDev = ValueReader.Value<string>(map, "underlayDev", null, "eth0", NameRules.TryInterfaceName),
            VtepIp = ValueReader.Value<IPAddress>(map, "vtepIp", null, "179.17.1.21", AddressRules.TryIp),
            VtepMac = ValueReader.Value<System.Net.NetworkInformation.PhysicalAddress>(map, "vtepMac", null, "c2:6a:9b:e5:39:8d", AddressRules.TryMac),
        };
        draft.VtepIpWritten = map.Has("vtepIp");
        draft.VtepMacWritten = map.Has("vtepMac");
        draft.PodCidrs.AddRange(ValueReader.List<IPNetwork>(map, "podCidrs",
            "add the pod blocks this node owns, e.g. podCidrs: [10.234.111.0/24]", "10.234.111.0/24", AddressRules.TryCidr));
        return draft;
    }
}
