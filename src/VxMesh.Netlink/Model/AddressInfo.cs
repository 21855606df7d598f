using System.Net;
using System.Net.Sockets;

namespace VxMesh.Netlink;

/// <summary>An interface address (RTM_NEWADDR). The kernel keys it by (index, address, prefix length).</summary>
/// <param name="Address">IFA_LOCAL when present (IPv4), else IFA_ADDRESS (IPv6).</param>
/// <param name="Scope">RT_SCOPE_*: 0 global, 253 link, 254 host.</param>
public sealed record AddressInfo(int Index, AddressFamily Family, IPAddress Address, int PrefixLength, byte Scope)
{
    public (int Index, IPAddress Address, int PrefixLength) Key => (Index, Address, PrefixLength);

    /// <summary>Like <c>ip addr</c>: "inet 198.18.0.1/24 scope global dev if2".</summary>
    public override string ToString() => ToString(null);

    public string ToString(Func<int, string?>? nameOf)
    {
        var family = Family == AddressFamily.InterNetworkV6 ? "inet6" : "inet";
        return $"{family} {Address}/{PrefixLength} scope {IpText.Scope(Scope)} dev {IpText.Dev(Index, nameOf)}";
    }
}
