using System.Net;
using System.Net.NetworkInformation;

namespace VxMesh.Core.Model;

/// <summary>A validated inventory: every cluster and node that takes part in the mesh.</summary>
/// <param name="Source">Where it was read from (a file path, or a registry URL), for messages.</param>
public sealed record Inventory(MeshSettings Mesh, ValueList<ClusterSpec> Clusters, string Source)
{
    public IEnumerable<(ClusterSpec Cluster, NodeSpec Node)> AllNodes =>
        Clusters.SelectMany(c => c.Nodes.Select(n => (c, n)));

    public (ClusterSpec Cluster, NodeSpec Node)? FindNode(string name) =>
        AllNodes.Cast<(ClusterSpec, NodeSpec)?>().FirstOrDefault(p => p!.Value.Item2.Name == name);

    public ClusterSpec? FindCluster(string name) => Clusters.FirstOrDefault(c => c.Name == name);
}

/// <summary>Mesh-wide settings (the `mesh:` section).</summary>
/// <param name="VtepCidr">Where VTEP addresses come from; null selects flannel's onlink addressing.</param>
/// <param name="Mtu">VXLAN device MTU; null means underlay MTU minus the encapsulation overhead.</param>
/// <param name="TxChecksumOffload">False turns tx-checksum-ip-generic off on the device (vxlan + NAT stall, flannel #1279).</param>
public sealed record MeshSettings(
    uint Vni,
    int Port,
    string Device,
    IPNetwork? VtepCidr,
    int? Mtu,
    Backend Backend,
    bool TxChecksumOffload)
{
    public const uint DefaultVni = 1;
    public const int DefaultPort = 4789;
    public const string DefaultDevice = "vxmesh0";

    public static MeshSettings Default { get; } =
        new(DefaultVni, DefaultPort, DefaultDevice, VtepCidr: null, Mtu: null, Backend.Vxlan, TxChecksumOffload: true);
}

/// <param name="PodMtu">MTU the cluster's CNI gives pods; null when not declared.</param>
public sealed record ClusterSpec(
    string Name,
    CniKind Cni,
    ValueList<IPNetwork> PodCidrs,
    ValueList<IPNetwork> ServiceCidrs,
    ValueList<NodeSpec> Nodes,
    int? PodMtu = null);

/// <summary>A node after validation: VtepMac is always resolved (given or derived); VtepIp is resolved in vtepCidr mode.</summary>
/// <param name="Ip">Underlay address, also the VXLAN local address.</param>
/// <param name="UnderlayDev">Device holding <paramref name="Ip"/>; null = discover on the node.</param>
/// <param name="VtepIp">VXLAN device address in vtepCidr mode; null in onlink mode.</param>
/// <param name="PodCidrs">Pod blocks this node owns, inside its cluster's pod CIDRs; the first one names the node in onlink mode.</param>
public sealed record NodeSpec(
    string Name,
    IPAddress Ip,
    string? UnderlayDev,
    IPAddress? VtepIp,
    PhysicalAddress VtepMac,
    ValueList<IPNetwork> PodCidrs);
