using System.Net;
using VxMesh.Core.Addressing;
using VxMesh.Core.Model;
using VxMesh.Lab.Layout;

namespace VxMesh.Lab.Topology;

/// <summary>
/// Rules that relate the lab section to the inventory: where each node sits on the underlay,
/// which addresses a lab may use, and what the lab's own wiring (bridges, CNI devices, pod
/// addresses) needs. Each problem points at the value to change.
/// </summary>
internal sealed class LabChecks(Core.Model.Inventory inventory, LabDraft lab, YamlLocator where, LabProblems problems)
{
    public void Run()
    {
        CheckSegments();
        CheckInventoryAddresses();
        CheckNodes();
        new LabWiringChecks(inventory, lab, where, problems).Run();
    }

    private void CheckSegments()
    {
        for (var i = 0; i < lab.Segments.Count; i++)
        {
            var (segment, path, pos) = (lab.Segments[i].Segment, lab.Segments[i].Path, lab.Segments[i].Pos);
            if (!AllowedRanges.Contains(segment.Cidr))
            {
                problems.Add(pos, $"{path}.cidr", $"{segment.Cidr} is outside the lab's address ranges",
                    $"use a network inside {AllowedRanges.Describe}, e.g. 198.18.{i + 1}.0/24");
            }
            var earlier = lab.Segments.Take(i).FirstOrDefault(s => IpMath.Overlaps(s.Segment.Cidr, segment.Cidr));
            if (earlier is not null)
            {
                problems.Add(pos, $"{path}.cidr", $"{segment.Cidr} overlaps segment {earlier.Segment.Name} ({earlier.Segment.Cidr}, {earlier.Path})",
                    "give every segment its own network; the fabric routes between them");
            }
            foreach (var (other, otherPath) in InventoryNetworks().Where(n => IpMath.Overlaps(n.Network, segment.Cidr)))
            {
                problems.Add(pos, $"{path}.cidr", $"{segment.Cidr} overlaps {otherPath} ({other})",
                    "keep the underlay apart from pod, service and VTEP ranges");
            }
        }
    }

    private void CheckInventoryAddresses()
    {
        foreach (var (network, path) in InventoryNetworks().Where(n => !AllowedRanges.Contains(n.Network)))
        {
            problems.Add(where.Near(path), path, $"{network} is outside the lab's address ranges",
                $"a lab may only use {AllowedRanges.Describe}; map the range there (docs/lab.md shows the seed mapping)");
        }
        foreach (var (cluster, i, node, j) in Nodes())
        {
            if (node.VtepIp is { } vtep && !AllowedRanges.Contains(vtep))
            {
                var path = $"clusters[{i}].nodes[{j}].vtepIp";
                problems.Add(where.Near(path), path, $"VTEP address {vtep} of node {node.Name} is outside the lab's address ranges",
                    $"use an address inside {AllowedRanges.Describe} (set mesh.vtepCidr there)");
            }
        }
    }

    private void CheckNodes()
    {
        foreach (var (_, i, node, j) in Nodes())
        {
            var path = $"clusters[{i}].nodes[{j}].ip";
            var pos = where.Near(path);
            if (!AllowedRanges.Contains(node.Ip))
            {
                problems.Add(pos, path, $"node {node.Name}'s ip {node.Ip} is outside the lab's address ranges",
                    $"use an address inside one of the lab segments, within {AllowedRanges.Describe}");
                continue;
            }
            var holding = lab.Segments.Where(s => IpMath.Contains(s.Segment.Cidr, node.Ip)).ToList();
            if (holding.Count == 0 && !lab.SegmentsComplete)
            {
                continue;
            }
            if (holding.Count == 0)
            {
                var listed = string.Join(", ", lab.Segments.Select(s => $"{s.Segment.Name} {s.Segment.Cidr}"));
                problems.Add(pos, path, $"node {node.Name}'s ip {node.Ip} is in no lab segment ({(listed.Length > 0 ? listed : "none is defined")})",
                    $"add a segment holding it to lab.segments, e.g. {{name: dc9, cidr: {IpMath.Canonical(node.Ip, 24)}}}, or move the node into a segment");
                continue;
            }
            var segment = holding[0].Segment;
            if (node.Ip.Equals(segment.Gateway))
            {
                problems.Add(pos, path, $"node {node.Name}'s ip {node.Ip} is segment {segment.Name}'s gateway (the fabric holds the first host address)",
                    $"use another address of {segment.Cidr}, from {IpMath.FromInteger(IpMath.ToInteger(segment.Gateway) + 1, segment.Gateway.AddressFamily)} up");
            }
            else if (node.Ip.Equals(segment.Cidr.BaseAddress) || node.Ip.Equals(IpMath.Last(segment.Cidr)))
            {
                problems.Add(pos, path, $"node {node.Name}'s ip {node.Ip} is the network or broadcast address of segment {segment.Name} ({segment.Cidr})",
                    "use a host address of the segment");
            }
        }
    }

    /// <summary>Every range the inventory declares, with its key path.</summary>
    private IEnumerable<(IPNetwork Network, string Path)> InventoryNetworks()
    {
        if (inventory.Mesh.VtepCidr is { } vtep)
        {
            yield return (vtep, "mesh.vtepCidr");
        }
        for (var i = 0; i < inventory.Clusters.Count; i++)
        {
            var cluster = inventory.Clusters[i];
            for (var k = 0; k < cluster.PodCidrs.Count; k++)
            {
                yield return (cluster.PodCidrs[k], $"clusters[{i}].podCidrs[{k}]");
            }
            for (var k = 0; k < cluster.ServiceCidrs.Count; k++)
            {
                yield return (cluster.ServiceCidrs[k], $"clusters[{i}].serviceCidrs[{k}]");
            }
        }
    }

    private IEnumerable<(ClusterSpec Cluster, int ClusterIndex, NodeSpec Node, int NodeIndex)> Nodes() =>
        inventory.Clusters.SelectMany((c, i) => c.Nodes.Select((n, j) => (c, i, n, j)));
}
