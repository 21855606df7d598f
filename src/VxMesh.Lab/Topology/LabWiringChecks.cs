using VxMesh.Core.Addressing;
using VxMesh.Core.Model;
using VxMesh.Lab.Layout;

namespace VxMesh.Lab.Topology;

/// <summary>
/// What the lab's own wiring needs from the inventory: pod styles it knows, device names and
/// VXLAN ports that do not collide with the emulated CNI, names that fit the namespaces, and
/// blocks with room for the pods.
/// </summary>
internal sealed class LabWiringChecks(Core.Model.Inventory inventory, LabDraft lab, YamlLocator where, LabProblems problems)
{
    /// <summary>vxlab-LAB-NODE-podNN must stay a sane file name under /run/netns.</summary>
    private const int MaxNodeName = 200;

    public void Run()
    {
        CheckMesh();
        var names = inventory.AllNodes.Select(p => p.Node.Name).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < inventory.Clusters.Count; i++)
        {
            var cluster = inventory.Clusters[i];
            if (cluster.Cni == CniKind.Other)
            {
                var path = $"clusters[{i}].cni";
                problems.Add(where.Near(path), path, $"cluster {cluster.Name} has cni 'other'; the lab wires pods the calico or the flannel way",
                    "set cni: calico or cni: flannel for the lab");
            }
            for (var j = 0; j < cluster.Nodes.Count; j++)
            {
                CheckNode(cluster.Nodes[j], $"clusters[{i}].nodes[{j}]", names);
            }
        }
    }

    private void CheckMesh()
    {
        var mesh = inventory.Mesh;
        if (CniOverlay.ReservedDevices.Contains(mesh.Device))
        {
            problems.Add(where.Near("mesh.device"), "mesh.device", $"device name '{mesh.Device}' is one the lab itself creates in every node",
                "use another name, e.g. device: vxmesh0 (the default)");
        }
        foreach (var overlay in OverlaysInUse().Where(o => o.Vni == mesh.Vni && o.Port == mesh.Port))
        {
            problems.Add(where.Near("mesh.vni"), "mesh.vni",
                $"VNI {mesh.Vni} on UDP {mesh.Port} is what the lab's emulated CNI uses ({overlay.Device}); the kernel allows one device per VNI and port",
                $"use another VNI or port, e.g. vni: 10001");
        }
    }

    private void CheckNode(NodeSpec node, string path, HashSet<string> names)
    {
        if (node.Name == PodNaming.Fabric || node.Name.Length > MaxNodeName)
        {
            problems.Add(where.Near($"{path}.name"), $"{path}.name",
                node.Name == PodNaming.Fabric ? $"node name '{node.Name}' is the lab's fabric namespace" : $"node name is longer than {MaxNodeName} characters",
                "rename the node, e.g. name: node-1");
        }
        for (var p = 1; p <= lab.PodsPerNode; p++)
        {
            if (names.Contains(PodNaming.Pod(node.Name, p)))
            {
                problems.Add(where.Near($"{path}.name"), $"{path}.name",
                    $"node {node.Name}'s pod {p} would be named {PodNaming.Pod(node.Name, p)}, which is another node's name",
                    "rename one of the two nodes");
            }
        }
        if (node.UnderlayDev is { } dev && dev != "eth0")
        {
            problems.Add(where.Near($"{path}.underlayDev"), $"{path}.underlayDev",
                $"underlayDev '{dev}': a lab node's underlay device is eth0", "write underlayDev: eth0, or remove it");
        }
        CheckBlocks(node, path);
    }

    /// <summary>Pods take .2 and up of their block (.0 is the onlink VTEP address, .1 flannel's cni0), round-robin over the blocks.</summary>
    private void CheckBlocks(NodeSpec node, string path)
    {
        var perBlock = (lab.PodsPerNode + node.PodCidrs.Count - 1) / node.PodCidrs.Count;
        for (var k = 0; k < node.PodCidrs.Count; k++)
        {
            var block = node.PodCidrs[k];
            var usable = block.PrefixLength > 30 ? 0 : (1L << (32 - block.PrefixLength)) - 3;
            if (usable < perBlock)
            {
                var blockPath = $"{path}.podCidrs[{k}]";
                problems.Add(where.Near(blockPath), blockPath,
                    $"block {block} has room for {usable} lab pods (from .2, below the broadcast address) but node {node.Name} puts {perBlock} in it",
                    "use a larger block (a /24 is usual) or lower lab.podsPerNode");
            }
        }
    }

    /// <summary>The CNI overlays the lab will create: flannel's between every flannel cluster's nodes, Calico's only across segments.</summary>
    private IEnumerable<CniOverlay> OverlaysInUse()
    {
        foreach (var cluster in inventory.Clusters.Where(c => c.Nodes.Count > 1))
        {
            if (cluster.Cni == CniKind.Flannel)
            {
                yield return CniOverlay.Flannel;
            }
            else if (cluster.Cni == CniKind.Calico && SegmentsOf(cluster).Distinct().Count() > 1)
            {
                yield return CniOverlay.Calico;
            }
        }
    }

    private IEnumerable<string?> SegmentsOf(ClusterSpec cluster) =>
        cluster.Nodes.Select(n => lab.Segments.FirstOrDefault(s => IpMath.Contains(s.Segment.Cidr, n.Ip))?.Segment.Name);
}
