using System.Net;
using VxMesh.Core.Addressing;

namespace VxMesh.Core.Loading;

/// <summary>
/// Range rules across the whole mesh. Every pod and service range must be unique mesh-wide:
/// a node routes a peer cluster's pod blocks over the VXLAN device, so an overlap makes a
/// destination ambiguous (or shadows a local range) and traffic silently goes the wrong way.
/// Each problem is reported at the later of the two sides and names the earlier one.
/// </summary>
internal static class NetworkChecks
{
    private sealed record Range(Located<IPNetwork> Net, string Kind, ClusterDraft Cluster)
    {
        public string Describe() => $"{Kind} {Net.Value} of {Cluster.Describe()} ({Net.Where})";
    }

    public static void Check(InventoryDraft draft, ProblemSink sink)
    {
        var ranges = draft.Clusters
            .SelectMany(c => c.PodCidrs.Select(p => new Range(p, "pod CIDR", c))
                .Concat(c.ServiceCidrs.Select(s => new Range(s, "service CIDR", c))))
            .ToList();
        CheckClusterRanges(ranges, sink);
        CheckNodeBlocks(draft, sink);
        if (draft.Mesh.VtepCidr is { } vtepCidr)
        {
            CheckVtepCidr(vtepCidr, ranges, sink);
        }
        CheckNodeIps(draft, ranges, sink);
    }

    private static void CheckClusterRanges(List<Range> ranges, ProblemSink sink)
    {
        for (var j = 0; j < ranges.Count; j++)
        {
            for (var i = 0; i < j; i++)
            {
                if (IpMath.Overlaps(ranges[i].Net.Value, ranges[j].Net.Value))
                {
                    sink.Add(ranges[j].Net, $"{ranges[j].Kind} {ranges[j].Net.Value} of {ranges[j].Cluster.Describe()} overlaps {ranges[i].Describe()}",
                        $"make them disjoint by changing {ranges[j].Net.Path} or {ranges[i].Net.Path}; pod and service ranges must be unique across the mesh");
                }
            }
        }
    }

    private static void CheckNodeBlocks(InventoryDraft draft, ProblemSink sink)
    {
        var blocks = draft.AllNodes.SelectMany(n => n.PodCidrs.Select(b => (Block: b, Node: n))).ToList();
        foreach (var (block, node) in blocks)
        {
            var clusterRanges = node.Cluster.PodCidrs;
            // No valid cluster range at all is already reported; don't echo it for every block.
            if (clusterRanges.Count > 0 && !clusterRanges.Any(r => IpMath.Covers(r.Value, block.Value)))
            {
                sink.Add(block, $"pod block {block.Value} of {node.Describe()} is outside its cluster's podCidrs ({string.Join(", ", clusterRanges.Select(r => r.Value))})",
                    $"pick a block inside {string.Join(" or ", clusterRanges.Select(r => r.Value))}, or add a range covering {block.Value} to {node.Cluster.Path}.podCidrs");
            }
        }
        foreach (var (earlier, later) in OverlappingPairs(blocks.Select(b => b.Block).ToList()))
        {
            var (other, owner) = blocks[earlier];
            var (block, node) = blocks[later];
            if (owner == node)
            {
                sink.Add(block, $"pod block {block.Value} overlaps this node's own block {other.Value} ({other.Where})",
                    $"remove the duplicate entry from {node.Key("podCidrs")}");
            }
            else
            {
                sink.Add(block, $"pod block {block.Value} of {node.Describe()} overlaps block {other.Value} of {owner.Describe()}",
                    $"give each node its own block: change {block.Path} or {other.Path}");
            }
        }
    }

    /// <summary>
    /// Each CIDR that overlaps an earlier one (in document order), paired with the first such
    /// earlier one, as (earlier, later) positions. Two CIDRs overlap only when one contains the
    /// other, so a sweep in address order with a stack of the blocks still "open" finds them in
    /// O(n log n) — a mesh of thousands of nodes is checked on every registry event. One problem
    /// per later block, not one per pair: 2,000 copies of one node (YAML aliases make that a few
    /// lines) are 2,000 problems, not 2,000,000.
    /// </summary>
    private static IEnumerable<(int Earlier, int Later)> OverlappingPairs(IReadOnlyList<Located<IPNetwork>> blocks)
    {
        var firstEarlier = new Dictionary<int, int>();
        void Pair(int a, int b)
        {
            var (earlier, later) = (Math.Min(a, b), Math.Max(a, b));
            if (!firstEarlier.TryGetValue(later, out var known) || earlier < known)
            {
                firstEarlier[later] = earlier;
            }
        }
        foreach (var family in blocks.Select((b, i) => (b.Value, i)).GroupBy(x => x.Value.BaseAddress.AddressFamily))
        {
            // Open blocks form a chain of containment; each keeps the smallest and largest index in
            // the chain down to it, so pairing a block mostly costs a look at the top, not a scan.
            var open = new List<(UInt128 Last, int Index, int MinIndex, int MaxIndex)>();
            foreach (var (net, index) in family
                         .OrderBy(x => IpMath.ToInteger(x.Value.BaseAddress)).ThenBy(x => x.Value.PrefixLength).ThenBy(x => x.i))
            {
                var first = IpMath.ToInteger(net.BaseAddress);
                while (open.Count > 0 && open[^1].Last < first)
                {
                    open.RemoveAt(open.Count - 1);
                }
                if (open.Count > 0)
                {
                    var top = open[^1];
                    // The earliest open block before this one, if any, is its first earlier overlap...
                    if (top.MinIndex < index)
                    {
                        Pair(top.MinIndex, index);
                    }
                    // ...and this block is an earlier overlap of every later open block it sits in.
                    if (top.MaxIndex > index)
                    {
                        foreach (var later in open.Where(o => o.Index > index))
                        {
                            Pair(index, later.Index);
                        }
                    }
                }
                var (minIndex, maxIndex) = open.Count > 0 ? (Math.Min(open[^1].MinIndex, index), Math.Max(open[^1].MaxIndex, index)) : (index, index);
                open.Add((IpMath.ToInteger(IpMath.Last(net)), index, minIndex, maxIndex));
            }
        }
        return firstEarlier.OrderBy(kv => kv.Key).Select(kv => (kv.Value, kv.Key));
    }

    private static void CheckVtepCidr(Located<IPNetwork> vtepCidr, List<Range> ranges, ProblemSink sink)
    {
        foreach (var range in ranges.Where(r => IpMath.Overlaps(r.Net.Value, vtepCidr.Value)))
        {
            sink.Add(vtepCidr, $"vtepCidr {vtepCidr.Value} overlaps {range.Describe()}",
                $"choose a vtepCidr that no pod or service range touches, or change {range.Net.Path}");
        }
    }

    private static void CheckNodeIps(InventoryDraft draft, List<Range> ranges, ProblemSink sink)
    {
        var vtepCidr = draft.Mesh.VtepCidr;
        foreach (var node in draft.AllNodes)
        {
            if (node.Ip is not { } ip)
            {
                continue;
            }
            foreach (var range in ranges.Where(r => IpMath.Contains(r.Net.Value, ip.Value)))
            {
                sink.Add(ip, $"ip {ip.Value} of {node.Describe()} lies inside {range.Describe()}",
                    $"use the node's underlay address, which must be outside every pod and service range, or change {range.Net.Path}");
            }
            if (vtepCidr is not null && IpMath.Contains(vtepCidr.Value, ip.Value))
            {
                sink.Add(ip, $"ip {ip.Value} of {node.Describe()} lies inside mesh.vtepCidr {vtepCidr.Value} ({vtepCidr.Where})",
                    "use the node's underlay address, or choose a vtepCidr that does not contain underlay addresses");
            }
        }
    }
}
