using System.Net;

namespace VxMesh.Netlink;

/// <summary>
/// What <see cref="RtnlClient.ReplaceRoute"/> installs: a unicast, universe-scope route through
/// either a nexthop object (RTA_NH_ID) or a gateway and device. The kernel rejects both at once.
/// </summary>
/// <param name="Onlink">RTNH_F_ONLINK: use the gateway even when no connected route covers it.</param>
/// <param name="Priority">RTA_PRIORITY (ip's "metric"); null leaves the kernel default.</param>
public sealed record RouteSpec(
    IPNetwork Destination,
    byte Protocol,
    uint? NexthopId = null,
    IPAddress? Gateway = null,
    int? OutIndex = null,
    bool Onlink = false,
    uint Table = 254,
    uint? Priority = null)
{
    /// <summary><c>ip route replace DST nhid ID proto P</c>.</summary>
    public static RouteSpec ViaNexthop(IPNetwork destination, uint nexthopId, byte protocol, uint table = 254) =>
        new(destination, protocol, NexthopId: nexthopId, Table: table);

    /// <summary><c>ip route replace DST via GW dev OIF [onlink] proto P</c>.</summary>
    public static RouteSpec ViaGateway(IPNetwork destination, IPAddress gateway, int outIndex, bool onlink, byte protocol, uint table = 254) =>
        new(destination, protocol, Gateway: gateway, OutIndex: outIndex, Onlink: onlink, Table: table);
}
