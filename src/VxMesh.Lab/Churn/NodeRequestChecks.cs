using System.Net;
using System.Text.RegularExpressions;
using VxMesh.Core.Addressing;
using VxMesh.Core.Model;
using VxMesh.Lab.Layout;
using VxMesh.Lab.Registry;
using VxMesh.Lab.Runtime;
using VxMesh.Lab.Topology;

namespace VxMesh.Lab.Churn;

/// <summary>
/// The rules `lab up` applies to a topology's nodes (LabChecks, LabWiringChecks), applied to one
/// node joining a running lab, against the lab's current members rather than the file: lab
/// ranges, a segment that holds the address, no address or block already in use, blocks inside
/// the cluster's pod CIDRs with room for the pods, names that fit the namespaces. Every problem
/// in one message; nothing is built when there is any.
/// </summary>
public static partial class NodeRequestChecks
{
    /// <summary>vxlab-LAB-NODE-podNN must stay a sane file name under /run/netns.</summary>
    private const int MaxNodeName = 200;

    [GeneratedRegex("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")]
    private static partial Regex NodeNamePattern();

    public static NewNode Validate(NodeRequest request, LabTopology topology, LabState state)
    {
        var problems = new List<string>();
        var pods = request.Pods ?? topology.Settings.PodsPerNode;
        CheckName(request.Name, pods, state, problems);
        var cluster = topology.Inventory.FindCluster(request.Cluster);
        if (cluster is null)
        {
            problems.Add($"--cluster: lab {state.Lab} has no cluster '{request.Cluster}'; its clusters: {string.Join(", ", topology.Inventory.Clusters.Select(c => c.Name))}");
        }
        var (ip, segment) = CheckIp(request.Ip, topology, state, problems);
        var blocks = CheckBlocks(request.PodCidrs, cluster, state, problems);
        if (pods is < 1 or > LabSettings.MaxPodsPerNode)
        {
            problems.Add($"--pods: {pods} is not in 1..{LabSettings.MaxPodsPerNode}");
        }
        else
        {
            CheckRoom(blocks, pods, problems);
        }
        if (problems.Count > 0)
        {
            throw new LabInputException($"cannot add node '{request.Name}' to lab {state.Lab}; nothing was changed:\n  " + string.Join("\n  ", problems));
        }
        return new NewNode(request.Name, cluster!, ip!, segment!, blocks.ToValueList(), pods);
    }

    private static void CheckName(string name, int pods, LabState state, List<string> problems)
    {
        if (!NodeNamePattern().IsMatch(name) || name.Length > MaxNodeName)
        {
            problems.Add($"node name '{name}' is invalid: use lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most {MaxNodeName} characters");
            return;
        }
        if (name is PodNaming.Fabric or EtcdLayout.Member)
        {
            problems.Add($"node name '{name}' is a lab namespace of its own (vxlab-{state.Lab}-{name}); choose another");
        }
        var taken = state.Nodes.Select(n => n.Name).Concat(state.Pods.Select(p => p.Name)).ToHashSet(StringComparer.Ordinal);
        if (taken.Contains(name))
        {
            problems.Add($"lab {state.Lab} already has a node or pod called '{name}' (`vxmesh lab status --name {state.Lab}` lists them)");
        }
        foreach (var pod in Enumerable.Range(1, Math.Clamp(pods, 0, LabSettings.MaxPodsPerNode)).Select(i => PodNaming.Pod(name, i)).Where(taken.Contains))
        {
            problems.Add($"its pod would be called '{pod}', which is already a node or pod of lab {state.Lab}; choose another name");
        }
    }

    private static (IPAddress? Ip, Segment? Segment) CheckIp(string text, LabTopology topology, LabState state, List<string> problems)
    {
        if (!LabYaml.TryIPv4(text, out var ip))
        {
            problems.Add($"--ip: '{text}' is not an IPv4 address");
            return (null, null);
        }
        if (!AllowedRanges.Contains(ip))
        {
            problems.Add($"--ip: {ip} is outside the lab's address ranges ({AllowedRanges.Describe})");
            return (null, null);
        }
        var segment = topology.Settings.Segments.FirstOrDefault(s => IpMath.Contains(s.Cidr, ip));
        if (segment is null)
        {
            problems.Add($"--ip: {ip} is in no segment of lab {state.Lab} ({string.Join(", ", topology.Settings.Segments)}); a node needs an address of one of them");
            return (null, null);
        }
        if (ip.Equals(segment.Gateway) || ip.Equals(segment.Cidr.BaseAddress) || ip.Equals(IpMath.Last(segment.Cidr)))
        {
            problems.Add($"--ip: {ip} is the gateway, network or broadcast address of segment {segment}; use another host address");
        }
        if (state.Nodes.FirstOrDefault(n => n.Ip.Equals(ip)) is { } owner)
        {
            problems.Add($"--ip: {ip} is node {owner.Name}'s address");
        }
        return (ip, segment);
    }

    private static List<IPNetwork> CheckBlocks(IReadOnlyList<string> texts, ClusterSpec? cluster, LabState state, List<string> problems)
    {
        var blocks = new List<IPNetwork>();
        if (texts.Count == 0)
        {
            problems.Add("--pod-cidr: give the node's pod block, e.g. --pod-cidr 198.19.60.0/24 (inside its cluster's pod CIDRs)");
        }
        foreach (var text in texts)
        {
            if (!LabYaml.TryCidr(text, out var address, out var prefix) || !IpMath.IsCanonical(address, prefix))
            {
                problems.Add($"--pod-cidr: '{text}' is not an IPv4 network address with a prefix (e.g. 198.19.60.0/24)");
                continue;
            }
            var block = IpMath.Canonical(address, prefix);
            if (!AllowedRanges.Contains(block))
            {
                problems.Add($"--pod-cidr: {block} is outside the lab's address ranges ({AllowedRanges.Describe})");
            }
            else if (cluster is not null && !cluster.PodCidrs.Any(c => IpMath.Covers(c, block)))
            {
                problems.Add($"--pod-cidr: {block} is not inside cluster {cluster.Name}'s pod CIDRs ({string.Join(", ", cluster.PodCidrs)})");
            }
            foreach (var owner in state.Nodes.Where(n => n.Blocks.Any(b => IpMath.Overlaps(b, block))))
            {
                problems.Add($"--pod-cidr: {block} overlaps node {owner.Name}'s block(s) {string.Join(", ", owner.Blocks)}");
            }
            foreach (var twice in blocks.Where(b => IpMath.Overlaps(b, block)))
            {
                problems.Add($"--pod-cidr: {block} overlaps {twice}, given too");
            }
            blocks.Add(block);
        }
        return blocks;
    }

    /// <summary>Pods take .2 and up of their block, round-robin over the blocks (as in LayoutBuilder).</summary>
    private static void CheckRoom(List<IPNetwork> blocks, int pods, List<string> problems)
    {
        if (blocks.Count == 0)
        {
            return;
        }
        var perBlock = (pods + blocks.Count - 1) / blocks.Count;
        foreach (var block in blocks.Where(b => (b.PrefixLength > 30 ? 0 : (1L << (32 - b.PrefixLength)) - 3) < perBlock))
        {
            problems.Add($"--pod-cidr: {block} has no room for {perBlock} pods (from .2, below the broadcast address); use a larger block or fewer --pods");
        }
    }
}
