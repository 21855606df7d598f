using System.Net.NetworkInformation;
using System.Text;

namespace VxMesh.Netlink;

/// <summary>A network device as RTM_NEWLINK describes it. The kernel keys links by <see cref="Index"/>.</summary>
/// <param name="Kind">IFLA_INFO_KIND ("vxlan", "veth", "bridge"); null for kindless devices such as lo.</param>
/// <param name="Up">Administratively up (IFF_UP), what <c>ip link set up</c> changes.</param>
/// <param name="LowerIndex">IFLA_LINK: the peer of a veth, the parent of a vlan/macvlan.</param>
public sealed record LinkInfo(
    int Index,
    string Name,
    string? Kind,
    PhysicalAddress? Mac,
    int Mtu,
    bool Up,
    int? LowerIndex,
    VxlanInfo? Vxlan)
{
    public int Key => Index;

    /// <summary>IFLA_IFALIAS (<c>ip link set … alias</c>); null when the link has none.</summary>
    public string? Alias { get; init; }

    /// <summary>Like <c>ip -d link</c>: "4: vx0 vxlan mtu 1450 up link/ether 02:.. vxlan id 42 ...".</summary>
    public override string ToString() => ToString(null);

    public string ToString(Func<int, string?>? nameOf)
    {
        var text = new StringBuilder($"{Index}: {Name}");
        if (LowerIndex is { } lower)
        {
            text.Append('@').Append(IpText.Dev(lower, nameOf));
        }

        text.Append(Kind is null ? "" : $" {Kind}").Append($" mtu {Mtu} {(Up ? "up" : "down")}");
        if (Mac is not null)
        {
            text.Append(" link/ether ").Append(IpText.Mac(Mac));
        }

        if (Vxlan is not null)
        {
            text.Append(' ').Append(Vxlan.ToString(nameOf));
        }

        if (Alias is not null)
        {
            text.Append(" alias ").Append(Alias);
        }

        return text.ToString();
    }
}
