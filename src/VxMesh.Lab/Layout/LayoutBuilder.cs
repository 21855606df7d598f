using System.Net;
using System.Security.Cryptography;
using System.Text;
using VxMesh.Core.Addressing;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;
using VxMesh.Lab.Topology;

namespace VxMesh.Lab.Layout;

/// <summary>
/// Topology → layout. Pure and deterministic: the same topology always gives the same names
/// and addresses, so a state file, a second `lab up` and the tests all agree.
///
/// Pods take addresses from .2 up in their block: .0 is the node's VTEP address in onlink
/// mode (flannel's way) and .1 is flannel's cni0 gateway; calico pods skip .1 too, so a pod's
/// address does not depend on its CNI. Pods go round-robin over a node's blocks, so a node
/// with two blocks has pods (and routes) in both as soon as it has two pods.
/// </summary>
public static class LayoutBuilder
{
    /// <summary>Calico's fixed pod gateway: never on any wire, answered by proxy ARP on the host veth.</summary>
    public static readonly IPAddress CalicoGateway = IPAddress.Parse("169.254.1.1");

    /// <summary>What the lab's veths carry by default.</summary>
    public const int UnderlayMtu = 1500;

    public const int FirstPodHost = 2;

    public static LabLayout Build(LabTopology topology)
    {
        var lab = topology.Name;
        var segments = topology.Settings.Segments.Select(s => new SegmentLayout(s, $"br-{s.Name}")).ToValueList();
        var nodes = topology.Inventory.AllNodes
            .Select((pair, index) => BuildNode(topology, segments, pair.Cluster, pair.Node, index + 1))
            .ToValueList();
        var pods = nodes.SelectMany(n => BuildPods(lab, n, topology.Settings.PodsPerNode)).ToValueList();
        return new LabLayout(lab, LabName.Namespace(lab, PodNaming.Fabric), segments, nodes, pods, topology.Settings.Ippools);
    }

    private static NodeLayout BuildNode(LabTopology topology, ValueList<SegmentLayout> segments, ClusterSpec cluster, NodeSpec node, int index)
    {
        var segment = segments.First(s => IpMath.Contains(s.Segment.Cidr, node.Ip));
        var overlay = Planner.Plan(topology.Inventory, node.Name, new NodeFacts("eth0", UnderlayMtu)).Mtu.DeviceMtu;
        // The CNI's own VXLAN costs the same 50 bytes, so one pod MTU fits both paths.
        var podMtu = cluster.PodMtu ?? Math.Min(overlay, UnderlayMtu - 50);
        return new NodeLayout(node.Name, cluster.Name, cluster.Cni, LabName.Namespace(topology.Name, node.Name), node.Ip,
            segment, $"veth-n{index}", node.PodCidrs, podMtu, DerivedMac($"cni/{cluster.Name}/{node.Name}"));
    }

    private static IEnumerable<PodLayout> BuildPods(string lab, NodeLayout node, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var block = node.Blocks[i % node.Blocks.Count];
            var ip = Host(block, FirstPodHost + i / node.Blocks.Count);
            var name = PodNaming.Pod(node.Name, i + 1);
            var ns = LabName.Namespace(lab, name);
            yield return Pod(name, node, ns, ip, block);
        }
    }

    /// <summary>A pod of <paramref name="node"/> wired the way its CNI wires pods; also how the Kubernetes lab's node agent lays out a pod.</summary>
    public static PodLayout Pod(string name, NodeLayout node, string ns, IPAddress ip, IPNetwork block)
    {
        var calico = node.Cni != CniKind.Flannel;
        // Calico and flannel name host veths after a hash of the workload the same way: prefix + hex.
        var hostVeth = calico ? "cali" + Hex(ns, 11) : "veth" + Hex(ns, 8);
        return new PodLayout(name, node.Name, node.Cluster, node.Cni, ns, ip, block, calico ? CalicoGateway : Host(block, 1), hostVeth);
    }

    /// <summary>Host number <paramref name="n"/> of <paramref name="block"/> (0 = the network address).</summary>
    public static IPAddress Host(IPNetwork block, int n) =>
        IpMath.FromInteger(IpMath.ToInteger(block.BaseAddress) + (UInt128)n, block.BaseAddress.AddressFamily);

    public static string Hex(string text, int length) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..length];

    /// <summary>Locally administered, unicast: first octet 0x02.</summary>
    private static string DerivedMac(string seed)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        return "02:" + string.Join(':', hash.Take(5).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
    }
}
