using System.Net;
using VxMesh.Core.Addressing;

namespace VxMesh.Core.Inventory;

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
        var seen = new List<(Located<IPNetwork> Block, NodeDraft Node)>();
        foreach (var node in draft.AllNodes)
        {
            var clusterRanges = node.Cluster.PodCidrs;
            foreach (var block in node.PodCidrs)
            {
                // No valid cluster range at all is already reported; don't echo it for every block.
                if (clusterRanges.Count > 0 && !clusterRanges.Any(r => IpMath.Covers(r.Value, block.Value)))
                {
                    sink.Add(block, $"pod block {block.Value} of {node.Describe()} is outside its cluster's podCidrs ({string.Join(", ", clusterRanges.Select(r => r.Value))})",
                        $"pick a block inside {string.Join(" or ", clusterRanges.Select(r => r.Value))}, or add a range covering {block.Value} to {node.Cluster.Path}.podCidrs");
                }
                foreach (var (other, owner) in seen.Where(s => IpMath.Overlaps(s.Block.Value, block.Value)))
                {
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
                seen.Add((block, node));
            }
        }
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
