using System.Net.Sockets;
using System.Text;
using VxMesh.Core.Planning;

namespace VxMesh.Core.Rendering;

/// <summary>
/// The ingress filter as an nftables script. VxMesh owns one table, `inet vxmesh`, and always
/// replaces it whole in one transaction (`nft -f` is atomic), so there is never a moment with
/// half a rule set. The leading `table` line makes the `delete` safe when the table is absent.
/// The chain runs just before the usual filter priority and only drops: it accepts nothing
/// that another firewall would drop.
/// </summary>
public static class NftRenderer
{
    public const string Family = "inet";
    public const string Table = "vxmesh";
    public const string Set = "vxlan_peers";
    public const string Chain = "vxlan_ingress";

    public static string Replace(IngressFilter filter)
    {
        var v6 = filter.AllowedSources.Count > 0 && filter.AllowedSources[0].AddressFamily == AddressFamily.InterNetworkV6;
        var s = new StringBuilder();
        s.Append($"table {Family} {Table}\n");
        s.Append($"delete table {Family} {Table}\n");
        s.Append($"table {Family} {Table} {{\n");
        s.Append($"\tset {Set} {{\n\t\ttype {(v6 ? "ipv6_addr" : "ipv4_addr")}\n");
        if (filter.AllowedSources.Count > 0)
        {
            s.Append($"\t\telements = {{ {string.Join(", ", filter.AllowedSources)} }}\n");
        }
        s.Append("\t}\n");
        s.Append($"\tchain {Chain} {{\n\t\ttype filter hook input priority filter - 10; policy accept;\n");
        s.Append($"\t\tudp dport {filter.Port} {(v6 ? "ip6" : "ip")} saddr != @{Set} counter drop comment \"vxmesh: VXLAN only from mesh peers\"\n");
        s.Append("\t}\n}\n");
        return s.ToString();
    }

    public static string Delete() => $"table {Family} {Table}\ndelete table {Family} {Table}\n";
}
