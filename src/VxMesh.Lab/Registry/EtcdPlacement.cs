using System.Net;
using VxMesh.Core.Addressing;
using VxMesh.Lab.Runtime;
using VxMesh.Lab.Topology;

namespace VxMesh.Lab.Registry;

/// <summary>
/// Picks the etcd link's /30: the first one, in the order of <see cref="AllowedRanges.All"/>,
/// that overlaps no segment, pod or service range, VTEP range or node block of the topology.
/// Deterministic, so the same topology always puts etcd at the same address (198.18.0.2 for
/// every example topology).
/// </summary>
public static class EtcdPlacement
{
    private const int LinkPrefix = 30;

    public static EtcdLayout Choose(LabTopology topology)
    {
        var taken = Taken(topology).ToList();
        foreach (var range in AllowedRanges.All)
        {
            var first = IpMath.ToInteger(range.BaseAddress);
            var count = (UInt128)1 << (range.PrefixLength <= LinkPrefix ? LinkPrefix - range.PrefixLength : 0);
            for (UInt128 i = 0; i < count; i++)
            {
                var link = new IPNetwork(IpMath.FromInteger(first + (i << (32 - LinkPrefix)), range.BaseAddress.AddressFamily), LinkPrefix);
                if (!taken.Any(t => IpMath.Overlaps(t, link)))
                {
                    return new EtcdLayout(LabName.Namespace(topology.Name, EtcdLayout.Member), link, Host(link, 1), Host(link, 2));
                }
            }
        }
        throw new LabInputException($"the topology uses every /30 of {AllowedRanges.Describe}: there is no address left for the lab's etcd");
    }

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

    private static IPAddress Host(IPNetwork link, int n) =>
        IpMath.FromInteger(IpMath.ToInteger(link.BaseAddress) + (UInt128)n, link.BaseAddress.AddressFamily);
}
