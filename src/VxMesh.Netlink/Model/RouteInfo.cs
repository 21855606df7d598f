using System.Net;
using System.Text;

namespace VxMesh.Netlink;

/// <summary>
/// A route (RTM_NEWROUTE). The kernel keys a route by (table, destination, tos, priority).
/// A route that uses a nexthop object is dumped with its <see cref="NexthopId"/> and, expanded from
/// that nexthop, its gateway, device and onlink flag.
/// </summary>
/// <param name="Table">RTA_TABLE (254 = main).</param>
/// <param name="Type">RTN_* (1 unicast, 2 local, 6 blackhole ...).</param>
/// <param name="Scope">RT_SCOPE_* (0 universe, 253 link, 254 host).</param>
/// <param name="Priority">RTA_PRIORITY, ip's "metric".</param>
/// <param name="Onlink">RTNH_F_ONLINK in rtm_flags.</param>
public sealed record RouteInfo(
    IPNetwork Destination,
    IPAddress? Gateway,
    int? OutIndex,
    uint? NexthopId,
    byte Protocol,
    uint Table,
    byte Type,
    byte Scope,
    uint? Priority,
    bool Onlink)
{
    public (uint Table, IPNetwork Destination, uint Priority) Key => (Table, Destination, Priority ?? 0);

    /// <summary>Like <c>ip route</c>: "10.1.0.0/24 nhid 7 via 198.18.0.2 dev vxmesh0 proto 118 onlink".</summary>
    public override string ToString() => ToString(null);

    public string ToString(Func<int, string?>? nameOf)
    {
        var text = new StringBuilder();
        if (Type != Wire.Rtm.RTN_UNICAST)
        {
            text.Append(IpText.RouteType(Type)).Append(' ');
        }

        text.Append(Destination.PrefixLength == 0 ? "default" : Destination.ToString());
        text.Append(NexthopId is { } id ? $" nhid {id}" : "").Append(Gateway is null ? "" : $" via {Gateway}");
        text.Append(OutIndex is { } oif ? $" dev {IpText.Dev(oif, nameOf)}" : "");
        text.Append(Table == Wire.Rtm.RT_TABLE_MAIN ? "" : $" table {Table}").Append($" proto {IpText.Protocol(Protocol)}");
        text.Append(Scope == Wire.Rtm.RT_SCOPE_UNIVERSE ? "" : $" scope {IpText.Scope(Scope)}");
        text.Append(Priority is { } metric ? $" metric {metric}" : "");
        return text.Append(Onlink ? " onlink" : "").ToString();
    }
}
