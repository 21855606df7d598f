using System.Net;
using VxMesh.Core.Addressing;
using VxMesh.Lab.Runtime;
using VxMesh.Lab.Topology;

namespace VxMesh.Bench.Convergence;

/// <summary>
/// Where the lab bench's temporary node goes: the first cluster that has nodes and peers in
/// another cluster, on its first node's segment, with the highest free address there and the
/// highest free block of its pod CIDRs (the size of that node's first block). Highest, so it
/// stays clear of the addresses people pick by hand.
/// </summary>
internal sealed record BenchNodeSlot(string Cluster, IPAddress Ip, IPNetwork Block)
{
    public static BenchNodeSlot Pick(LabTopology topology, LabState state)
    {
        var cluster = topology.Inventory.Clusters.FirstOrDefault(c =>
                state.Nodes.Any(n => n.Cluster == c.Name) && state.Nodes.Any(n => n.Cluster != c.Name))
            ?? throw new LabInputException($"lab {state.Lab} needs nodes in at least two clusters for a convergence run");
        var first = state.Nodes.First(n => n.Cluster == cluster.Name);
        var segment = topology.Settings.Segments.First(s => s.Name == first.Segment);
        var used = state.Nodes.Select(n => n.Ip).ToHashSet();
        var ip = Hosts(segment.Cidr).FirstOrDefault(a => !used.Contains(a) && !a.Equals(segment.Gateway))
            ?? throw new LabInputException($"segment {segment} of lab {state.Lab} has no free address for the bench node");
        var prefix = first.Blocks[0].PrefixLength;
        var taken = state.Nodes.SelectMany(n => n.Blocks).ToList();
        var block = cluster.PodCidrs.SelectMany(c => Blocks(c, prefix)).Cast<IPNetwork?>()
            .FirstOrDefault(b => !taken.Any(t => IpMath.Overlaps(t, b!.Value)))
            ?? throw new LabInputException($"cluster {cluster.Name} of lab {state.Lab} has no free /{prefix} block for the bench node");
        return new BenchNodeSlot(cluster.Name, ip, block);
    }

    /// <summary>Host addresses from the top down (broadcast excluded).</summary>
    private static IEnumerable<IPAddress> Hosts(IPNetwork segment)
    {
        var last = IpMath.ToInteger(IpMath.Last(segment));
        var first = IpMath.ToInteger(segment.BaseAddress);
        for (var a = last - 1; a > first; a--)
        {
            yield return IpMath.FromInteger(a, segment.BaseAddress.AddressFamily);
        }
    }

    /// <summary>The /prefix blocks of <paramref name="range"/>, from the top down (bounded: at most 4096 looked at).</summary>
    private static IEnumerable<IPNetwork> Blocks(IPNetwork range, int prefix)
    {
        if (prefix < range.PrefixLength)
        {
            yield break;
        }
        var size = (UInt128)1 << (32 - prefix);
        var count = (UInt128)1 << (prefix - range.PrefixLength);
        var start = IpMath.ToInteger(range.BaseAddress);
        for (UInt128 i = 0; i < count && i < 4096; i++)
        {
            yield return new IPNetwork(IpMath.FromInteger(start + (count - 1 - i) * size, range.BaseAddress.AddressFamily), prefix);
        }
    }
}
