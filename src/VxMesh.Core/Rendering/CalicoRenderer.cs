using System.Net;
using System.Text;
using VxMesh.Core.Model;

namespace VxMesh.Core.Rendering;

/// <summary>
/// The Calico IPPools cluster C needs so traffic to the other clusters is not SNATed.
/// Calico masquerades pod traffic whose destination is outside every IPPool
/// (cali-nat-outgoing: src in masq pools, dst not in all pools). Declaring the remote
/// clusters' pod and service CIDRs as pools with natOutgoing false and disabled true (so
/// Calico never allocates from them) keeps the source pod IP, as seeds/000 does by hand.
/// </summary>
public static class CalicoRenderer
{
    public static string Render(Inventory inventory, string clusterName)
    {
        var pools = RemotePools.For(inventory.Clusters, clusterName);
        return string.Join("---\n", pools.Select(p => Document(p.Name, p.Cidr)));
    }

    private static string Document(string name, IPNetwork cidr) =>
        new StringBuilder()
            .AppendLine("apiVersion: crd.projectcalico.org/v1")
            .AppendLine("kind: IPPool")
            .AppendLine("metadata:")
            .AppendLine($"  name: {name}")
            .AppendLine("spec:")
            .AppendLine($"  cidr: {cidr}")
            .AppendLine("  natOutgoing: false")
            .AppendLine("  disabled: true")
            .ToString();
}
