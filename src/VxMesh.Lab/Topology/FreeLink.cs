using System.Net;
using VxMesh.Core.Addressing;

namespace VxMesh.Lab.Topology;

/// <summary>
/// Finds room for a lab service link (etcd's /30, the Kubernetes control plane's link): the first
/// network of the asked size, in the order of <see cref="AllowedRanges.All"/>, that overlaps no
/// segment, pod or service range, VTEP range or node block of the topology, nor anything in
/// <c>alsoTaken</c>. Deterministic, so the same topology always puts a service at the same address.
/// </summary>
public static class FreeLink
{
    public static IPNetwork? Choose(LabTopology topology, int prefixLength, IEnumerable<IPNetwork> alsoTaken)
    {
        var taken = Taken(topology).Concat(alsoTaken).ToList();
        foreach (var range in AllowedRanges.All)
        {
            if (range.PrefixLength > prefixLength)
            {
                continue;
            }
            var first = IpMath.ToInteger(range.BaseAddress);
            var count = (UInt128)1 << (prefixLength - range.PrefixLength);
            for (UInt128 i = 0; i < count; i++)
            {
                var link = new IPNetwork(IpMath.FromInteger(first + (i << (32 - prefixLength)), range.BaseAddress.AddressFamily), prefixLength);
                if (!taken.Any(t => IpMath.Overlaps(t, link)))
                {
                    return link;
                }
            }
        }
        return null;
    }

    /// <summary>Host number <paramref name="n"/> of <paramref name="link"/> (0 = the network address).</summary>
    public static IPAddress Host(IPNetwork link, int n) =>
        IpMath.FromInteger(IpMath.ToInteger(link.BaseAddress) + (UInt128)n, link.BaseAddress.AddressFamily);

    private static IEnumerable<IPNetwork> Taken(LabTopology topology)
    {
        var inventory = topology.Inventory;
        foreach (var segment in topology.Settings.Segments)
        {
            yield return segment.Cidr;
        }
        if (inventory.Mesh.VtepCidr is { } vtep)
        {
            yield return vtep;
        }
        foreach (var cluster in inventory.Clusters)
        {
            foreach (var network in cluster.PodCidrs.Concat(cluster.ServiceCidrs).Concat(cluster.Nodes.SelectMany(n => n.PodCidrs)))
            {
                yield return network;
            }
        }
    }
}
