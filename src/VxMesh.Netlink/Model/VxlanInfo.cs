using System.Net;
using System.Text;

namespace VxMesh.Netlink;

/// <summary>The vxlan part of IFLA_INFO_DATA.</summary>
/// <param name="Port">IFLA_VXLAN_PORT, the UDP destination port (big-endian on the wire).</param>
/// <param name="UnderlayIndex">IFLA_VXLAN_LINK: the device the tunnel sends through (ip's "dev").</param>
/// <param name="Learning">IFLA_VXLAN_LEARNING; false is ip's "nolearning".</param>
public sealed record VxlanInfo(uint Vni, int Port, IPAddress? Local, int? UnderlayIndex, bool Learning)
{
    /// <summary>"vxlan id 42 local 198.18.0.1 dev if2 dstport 4789 nolearning".</summary>
    public override string ToString() => ToString(null);

    public string ToString(Func<int, string?>? nameOf)
    {
        var text = new StringBuilder($"vxlan id {Vni}");
        if (Local is not null)
        {
            text.Append($" local {Local}");
        }

        if (UnderlayIndex is { } underlay)
        {
            text.Append($" dev {IpText.Dev(underlay, nameOf)}");
        }

        return text.Append($" dstport {Port}").Append(Learning ? "" : " nolearning").ToString();
    }
}
