using System.Net;
using System.Net.Sockets;
using System.Text;

namespace VxMesh.Netlink;

/// <summary>A nexthop object (RTM_NEWNEXTHOP). The kernel keys it by <see cref="Id"/>.</summary>
/// <param name="Index">NHA_OIF.</param>
/// <param name="Onlink">RTNH_F_ONLINK: the gateway is taken as on-link without a connected route.</param>
/// <param name="Protocol">nhm_protocol (RTPROT_*, or our own number such as 118).</param>
/// <param name="Blackhole">NHA_BLACKHOLE.</param>
/// <param name="Group">Its members when the object is a group (then it has no gateway or device).</param>
public sealed record NexthopInfo(
    uint Id,
    AddressFamily Family,
    IPAddress? Gateway,
    int? Index,
    bool Onlink,
    byte Protocol,
    bool Blackhole,
    NexthopGroupInfo? Group = null)
{
    public uint Key => Id;

    /// <summary>Like <c>ip nexthop</c>: "id 7 via 198.18.0.2 dev eth0 proto 118 onlink".</summary>
    public override string ToString() => ToString(null);

    public string ToString(Func<int, string?>? nameOf)
    {
        var text = new StringBuilder($"id {Id}");
        if (Group is not null)
        {
            text.Append($" {Group}");
        }

        if (Gateway is not null)
        {
            text.Append($" via {Gateway}");
        }

        if (Index is { } index)
        {
            text.Append($" dev {IpText.Dev(index, nameOf)}");
        }

        text.Append(Blackhole ? " blackhole" : "").Append($" proto {IpText.Protocol(Protocol)}");
        return text.Append(Onlink ? " onlink" : "").ToString();
    }
}
