using System.Net;
using System.Net.NetworkInformation;
using VxMesh.Core.Model;

namespace VxMesh.Core.Planning;

/// <summary>
/// Everything one node's kernel must hold for the mesh, and nothing else. The reconciler
/// makes the kernel match it; renderers print it. Lists are sorted and compare by value.
/// </summary>
/// <param name="Groups">One nexthop group per remote cluster with service ranges and at least one member, by id.</param>
/// <param name="ServiceRoutes">Every remote service range through its cluster's group, by destination.</param>
/// <param name="Sysctls">Kernel settings of the node's namespace the plan needs.</param>
public sealed record NodeState(
    string Node,
    string Cluster,
    VxlanDevice Device,
    InterfaceAddress Address,
    ValueList<PeerPlan> Peers,
    ValueList<NeighborEntry> Neighbors,
    ValueList<FdbEntry> Fdb,
    ValueList<RouteEntry> Routes,
    MtuReport Mtu,
    ValueList<string> Warnings,
    IngressFilter Ingress,
    ValueList<NexthopGroup> Groups,
    ValueList<ServiceRoute> ServiceRoutes,
    ValueList<SysctlSetting> Sysctls);

/// <param name="UnderlayDev">Device holding <paramref name="Local"/>; null when neither the inventory nor the node's facts name it.</param>
/// <param name="TxChecksumOffload">False: turn tx-checksum-ip-generic off (vxlan + NAT stall, flannel #1279).</param>
public sealed record VxlanDevice(
    string Name,
    uint Vni,
    int Port,
    IPAddress Local,
    string? UnderlayDev,
    PhysicalAddress Mac,
    int Mtu,
    bool TxChecksumOffload);

/// <summary>An address with its prefix length as an interface holds it (host bits kept, unlike <see cref="IPNetwork"/>).</summary>
public sealed record InterfaceAddress(IPAddress Address, int PrefixLength)
{
    public override string ToString() => $"{Address}/{PrefixLength}";
}

/// <summary>A static ARP/NDP entry on the VXLAN device: peer VTEP address → peer VTEP MAC (NUD permanent).</summary>
public sealed record NeighborEntry(IPAddress Ip, PhysicalAddress Mac)
{
    public override string ToString() => $"{Ip} lladdr {Model.Mac.Format(Mac)}";
}

/// <summary>A static FDB entry on the VXLAN device: peer VTEP MAC → peer underlay address.</summary>
public sealed record FdbEntry(PhysicalAddress Mac, IPAddress Destination)
{
    public override string ToString() => $"{Model.Mac.Format(Mac)} dst {Destination}";
}

/// <summary>A route to one remote pod block.</summary>
/// <param name="Onlink">The gateway is not in a connected subnet (flannel's onlink addressing).</param>
/// <param name="Peer">The node owning the block (for reports; not a kernel attribute).</param>
public sealed record RouteEntry(IPNetwork Destination, IPAddress Gateway, string Device, bool Onlink, string Peer)
{
    public override string ToString() => $"{Destination} via {Gateway} dev {Device}{(Onlink ? " onlink" : "")}";
}

/// <summary>One other node as this node sees it.</summary>
/// <param name="VtepIp">Its VXLAN device address (vtepCidr mode) or its first block's network address (onlink mode).</param>
/// <param name="Routed">True when this node routes the peer's blocks (peer in another cluster).</param>
public sealed record PeerPlan(
    string Node,
    string Cluster,
    IPAddress Underlay,
    IPAddress VtepIp,
    PhysicalAddress VtepMac,
    ValueList<IPNetwork> Blocks,
    bool Routed,
    PeerPath Path);

/// <summary>How this node reaches a peer's pods.</summary>
public enum PeerPath
{
    Vxlan,
    HostGw,
}

/// <param name="UnderlayMtuAssumed">True when the node's underlay MTU was not observed and 1500 was assumed.</param>
/// <param name="Overhead">VXLAN encapsulation cost: 50 bytes over IPv4, 70 over IPv6.</param>
/// <param name="DeviceMtuConfigured">True when mesh.mtu set the device MTU; false when it follows the underlay.</param>
/// <param name="PodMtu">What the cluster's CNI gives pods, when declared.</param>
public sealed record MtuReport(int UnderlayMtu, bool UnderlayMtuAssumed, int Overhead, int DeviceMtu, bool DeviceMtuConfigured, int? PodMtu);
