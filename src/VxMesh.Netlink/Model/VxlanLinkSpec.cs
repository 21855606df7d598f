using System.Net;
using System.Net.NetworkInformation;

namespace VxMesh.Netlink;

/// <summary>What <see cref="RtnlClient.CreateVxlan"/> creates.</summary>
/// <param name="Name">Interface name, at most 15 bytes.</param>
/// <param name="Port">UDP destination port (4789 is IANA's).</param>
/// <param name="Local">Source VTEP address; IPv4 or IPv6 selects IFLA_VXLAN_LOCAL or IFLA_VXLAN_LOCAL6.</param>
/// <param name="UnderlayIndex">Device the tunnel is bound to (ip's "dev").</param>
/// <param name="Mac">Fixed MAC; null lets the kernel pick a random one.</param>
/// <param name="Mtu">Null lets the kernel derive it (underlay MTU minus 50 for IPv4).</param>
/// <param name="Learning">False ("nolearning"): the FDB is programmed, never learned.</param>
public sealed record VxlanLinkSpec(
    string Name,
    uint Vni,
    int Port,
    IPAddress Local,
    int? UnderlayIndex,
    PhysicalAddress? Mac,
    int? Mtu,
    bool Learning = false);
