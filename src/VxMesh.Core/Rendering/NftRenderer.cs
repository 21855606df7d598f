using System.Net;
using System.Net.Sockets;
using System.Text;
using VxMesh.Core.Planning;

namespace VxMesh.Core.Rendering;

/// <summary>
/// The ingress filter as an nftables script. VxMesh owns one table, `inet vxmesh`, and replaces it
/// whole in one transaction (`nft -f` is atomic), so there is never a moment with half a rule set;
/// membership changes then move set elements only. The leading `table` line makes the `delete` safe
/// when the table is absent. Both chains run just before the usual filter priority and only drop:
/// they accept nothing that another firewall would drop.
/// <para>
/// Outer side (`vxlan_ingress`, input hook): VXLAN UDP only from peers' underlay addresses. Inner side
/// (`vxlan_inner`, prerouting hook, so forwarded and local packets alike): what the mesh device
/// decapsulated only from the allowed inner sources, one interval set per family.
/// </para>
/// </summary>
public static class NftRenderer
{
    public const string Family = "inet";
    public const string Table = "vxmesh";
    public const string Set = "vxlan_peers";
    public const string Chain = "vxlan_ingress";
    public const string InnerChain = "vxlan_inner";
    public const string InnerSet4 = "vxlan_inner4";
    public const string InnerSet6 = "vxlan_inner6";

    public static string InnerSet(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? InnerSet6 : InnerSet4;

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
        s.Append("\t}\n");
        if (filter.Device is { } device)
        {
            AppendInner(s, device, filter.InnerSources);
        }
        s.Append("}\n");
        return s.ToString();
    }

    private static void AppendInner(StringBuilder s, string device, IReadOnlyList<IPNetwork> sources)
    {
        foreach (var family in new[] { AddressFamily.InterNetwork, AddressFamily.InterNetworkV6 })
        {
            var elements = sources.Where(p => p.BaseAddress.AddressFamily == family).ToList();
            s.Append($"\tset {InnerSet(family)} {{\n\t\ttype {(family == AddressFamily.InterNetworkV6 ? "ipv6_addr" : "ipv4_addr")}\n\t\tflags interval\n");
            if (elements.Count > 0)
            {
                s.Append($"\t\telements = {{ {string.Join(", ", elements)} }}\n");
            }
            s.Append("\t}\n");
        }
        s.Append($"\tchain {InnerChain} {{\n\t\ttype filter hook prerouting priority filter - 10; policy accept;\n");
        s.Append($"\t\tiifname \"{device}\" ip saddr != @{InnerSet4} counter drop comment \"vxmesh: inner source not of a remote cluster or VTEP\"\n");
        s.Append($"\t\tiifname \"{device}\" ip6 saddr != @{InnerSet6} counter drop comment \"vxmesh: inner source not of a remote cluster or VTEP\"\n");
        s.Append("\t}\n");
    }

    /// <summary>
    /// Moves inner-set elements in one transaction: removals first, so a prefix may be replaced by one
    /// covering it (interval sets refuse overlaps). An absent element fails the whole script.
    /// </summary>
    public static string ChangeInner(IReadOnlyCollection<IPNetwork> removed, IReadOnlyCollection<IPNetwork> added)
    {
        var s = new StringBuilder();
        foreach (var (verb, prefixes) in new[] { ("delete", removed), ("add", added) })
        {
            foreach (var group in prefixes.GroupBy(p => p.BaseAddress.AddressFamily).OrderBy(g => g.Key))
            {
                s.Append($"{verb} element {Family} {Table} {InnerSet(group.Key)} {{ {string.Join(", ", group)} }}\n");
            }
        }
        return s.ToString();
    }

    public static string Delete() => $"table {Family} {Table}\ndelete table {Family} {Table}\n";
}
