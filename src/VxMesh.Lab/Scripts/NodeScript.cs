using VxMesh.Core.Model;
using VxMesh.Lab.Layout;

namespace VxMesh.Lab.Scripts;

/// <summary>
/// A node: its underlay eth0 (created by the fabric script), forwarding, its pods' host side
/// the way its CNI wires them, the CNI's own routes to the other nodes of its cluster, and the
/// CNI's masquerade rule. The VXLAN mesh to other clusters is NOT here: that is the agent's job.
/// </summary>
public static class NodeScript
{
    public static NamespaceScript Build(LabLayout layout, Core.Model.Inventory inventory, NodeLayout node)
    {
        var w = new ScriptWriter(node.Namespace)
            .Ip("link set lo up")
            .Ip($"addr add {node.Ip}/{node.Segment.Segment.Cidr.PrefixLength} dev eth0")
            .Ip("link set eth0 up")
            .Ip($"route add default via {node.Segment.Segment.Gateway} dev eth0")
            .Sysctl("net.ipv4.ip_forward=1");
        var pods = layout.PodsOf(node.Name).ToList();
        if (node.Cni == CniKind.Flannel)
        {
            FlannelWiring.Pods(w, node, pods);
        }
        else
        {
            CalicoWiring.Pods(w, node, pods);
        }
        var peers = layout.Nodes.Where(n => n.Cluster == node.Cluster && n.Name != node.Name).ToList();
        CniRoutes.Write(w, node, peers);
        var cluster = inventory.FindCluster(node.Cluster)!;
        w.Nftables = NatRules.Build(cluster, inventory.Clusters.Where(c => c.Name != cluster.Name), layout.Ippools);
        return w.Build();
    }
}
