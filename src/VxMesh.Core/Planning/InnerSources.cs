using System.Net;
using VxMesh.Core.Model;

namespace VxMesh.Core.Planning;

/// <summary>
/// The inner sources a node accepts from its mesh device: every other cluster's pod and service
/// ranges, the VTEP range (or, in onlink mode, each peer's VTEP address), and every routed peer's
/// blocks (inside its cluster's pod ranges once validated; listed so a source that skips that check
/// stays correct). Own-cluster pods never arrive through the mesh device (the CNI carries them), so
/// only own-cluster peers' VTEP addresses are allowed from them (the overlay probes' source).
/// Pure; the result has no prefix inside another, which the kernel's interval sets refuse.
/// </summary>
public static class InnerSources
{
    /// <summary>What does not depend on any single peer: remote clusters' pod and service ranges, and the VTEP range.</summary>
    public static ValueList<IPNetwork> Ranges(Inventory inventory, string ownCluster) =>
        Normalize(inventory.Clusters.Where(c => c.Name != ownCluster).SelectMany(c => c.PodCidrs.Concat(c.ServiceCidrs))
            .Concat(inventory.Mesh.VtepCidr is { } vtep ? [vtep] : []));

    /// <summary>One peer's own contribution: its VTEP address and, when routed, its blocks.</summary>
    public static IEnumerable<IPNetwork> Of(PeerPlan peer) =>
        peer.Routed ? [Host(peer.VtepIp), .. peer.Blocks] : [Host(peer.VtepIp)];

    /// <summary>Sorted by family and address, each prefix covered by an earlier one dropped.</summary>
    public static ValueList<IPNetwork> Normalize(IEnumerable<IPNetwork> prefixes)
    {
        var sorted = prefixes.Distinct().OrderBy(p => AddressOrder.Key(p.BaseAddress)).ThenBy(p => p.PrefixLength).ToList();
        var kept = new List<IPNetwork>(sorted.Count);
        foreach (var prefix in sorted)
        {
            // Sorted by base address, a covering prefix comes first and spans everything up to this one.
            if (kept.Count > 0 && kept[^1].BaseAddress.AddressFamily == prefix.BaseAddress.AddressFamily && kept[^1].Contains(prefix.BaseAddress)
                && kept[^1].PrefixLength <= prefix.PrefixLength)
            {
                continue;
            }
            kept.Add(prefix);
        }
        return kept.ToValueList();
    }

    public static IPNetwork Host(IPAddress address) => new(address, address.GetAddressBytes().Length * 8);
}
