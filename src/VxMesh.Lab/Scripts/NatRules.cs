using System.Net;
using System.Text;
using VxMesh.Core.Model;

namespace VxMesh.Lab.Scripts;

/// <summary>
/// The CNI's outgoing NAT, in nftables. Calico (seeds/000): MASQUERADE when the source is in
/// the masquerading pools and the destination is in none of the pools
/// (`match-set cali40masq-ipam-pools src ! match-set cali40all-ipam-pools dst`). The article's
/// fix adds the remote clusters' pod and service CIDRs as disabled pools, which puts them in
/// the "all" set; `ippools: true` does exactly that. Flannel's rule has the same shape (its
/// own network exempt, everything else masqueraded); with ippools the remote ranges join its
/// exemption, which is what flannel needs for the same result.
///
/// MASQUERADE takes the outgoing device's address: cross-cluster traffic leaves through the
/// VXLAN mesh device, so with ippools off the remote pod sees that device's address.
/// </summary>
public static class NatRules
{
    public const string Table = "vxlab-nat";

    /// <summary>Calico's sets (felix's names): pools whose sources are masqueraded, and every pool (destinations never masqueraded).</summary>
    public const string CalicoMasqueradePools = "cali40masq-ipam-pools";
    public const string CalicoAllPools = "cali40all-ipam-pools";

    public static string Build(ClusterSpec own, IEnumerable<ClusterSpec> remotes, bool ippools)
    {
        var (masqSet, exemptSet, chain) = own.Cni == CniKind.Flannel
            ? ("flannel-network", "flannel-nomasq", "flannel-postrtg")
            : (CalicoMasqueradePools, CalicoAllPools, "cali-nat-outgoing");
        var exempt = own.PodCidrs.ToList();
        if (ippools)
        {
            exempt.AddRange(remotes.SelectMany(r => r.PodCidrs.Concat(r.ServiceCidrs)));
        }
        var text = new StringBuilder();
        text.Append($"table ip {Table} {{\n");
        AppendSet(text, masqSet, own.PodCidrs);
        AppendSet(text, exemptSet, exempt);
        text.Append($"\tchain {chain} {{\n");
        text.Append("\t\ttype nat hook postrouting priority srcnat; policy accept;\n");
        text.Append($"\t\tip saddr @{masqSet} ip daddr != @{exemptSet} masquerade\n");
        text.Append("\t}\n}\n");
        return text.ToString();
    }

    private static void AppendSet(StringBuilder text, string name, IEnumerable<IPNetwork> elements)
    {
        // auto-merge: remote ranges may be adjacent to our own; nft refuses overlapping interval elements otherwise.
        text.Append($"\tset {name} {{\n\t\ttype ipv4_addr\n\t\tflags interval\n\t\tauto-merge\n");
        text.Append($"\t\telements = {{ {string.Join(", ", elements)} }}\n\t}}\n");
    }
}
