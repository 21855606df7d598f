using System.Net;
using VxMesh.Core.Model;
using VxMesh.Lab.Topology;

namespace VxMesh.Lab.Layout;

/// <summary>
/// Every namespace, device name and address the lab will create, decided before anything is
/// touched. Scripts are generated from this, state files record it, verify and status read it.
/// </summary>
public sealed record LabLayout(
    string Lab,
    string FabricNamespace,
    ValueList<SegmentLayout> Segments,
    ValueList<NodeLayout> Nodes,
    ValueList<PodLayout> Pods,
    bool Ippools)
{
    public IEnumerable<string> Namespaces =>
        new[] { FabricNamespace }.Concat(Nodes.Select(n => n.Namespace)).Concat(Pods.Select(p => p.Namespace));

    public NodeLayout Node(string name) => Nodes.First(n => n.Name == name);

    public IEnumerable<PodLayout> PodsOf(string node) => Pods.Where(p => p.Node == node);
}

/// <param name="Bridge">The segment's bridge in the fabric namespace (br-NAME).</param>
public sealed record SegmentLayout(Segment Segment, string Bridge);

/// <param name="FabricPort">The fabric-side end of the node's eth0 veth, enslaved to the segment's bridge.</param>
/// <param name="PodMtu">MTU of pod interfaces: the cluster's podMtu, or what fits through the overlay.</param>
/// <param name="CniMac">MAC of the node's emulated CNI VXLAN device (flannel.1 / vxlan.calico), derived from its name.</param>
public sealed record NodeLayout(
    string Name,
    string Cluster,
    CniKind Cni,
    string Namespace,
    IPAddress Ip,
    SegmentLayout Segment,
    string FabricPort,
    ValueList<IPNetwork> Blocks,
    int PodMtu,
    string CniMac);

/// <param name="Block">The node block the address comes from.</param>
/// <param name="Gateway">The pod's default gateway: 169.254.1.1 (calico, proxy ARP) or the block's .1 on cni0 (flannel).</param>
/// <param name="HostVeth">The node-side end of the pod's eth0 veth: caliXXXXXXXXXXX or vethXXXXXXXX.</param>
public sealed record PodLayout(
    string Name,
    string Node,
    string Cluster,
    CniKind Cni,
    string Namespace,
    IPAddress Ip,
    IPNetwork Block,
    IPAddress Gateway,
    string HostVeth);
