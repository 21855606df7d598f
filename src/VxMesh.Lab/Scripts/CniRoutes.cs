using VxMesh.Core.Model;
using VxMesh.Lab.Layout;

namespace VxMesh.Lab.Scripts;

/// <summary>
/// The CNI's routes to the other nodes of the same cluster (VxMesh leaves those alone).
/// Calico: a peer on the same segment is routed directly via its underlay address (what BIRD
/// installs, `proto bird`); a peer across the fabric through vxlan.calico (CrossSubnet).
/// Flannel: every peer through flannel.1, `via <peer block .0> onlink` with a permanent ARP
/// and an FDB entry per peer, exactly seeds/001's table. ARP before FDB before route, so the
/// first packet finds everything it needs.
/// </summary>
internal static class CniRoutes
{
    public static void Write(ScriptWriter w, NodeLayout node, IReadOnlyList<NodeLayout> peers)
    {
        var overlaid = node.Cni == CniKind.Flannel
            ? peers
            : peers.Where(p => p.Segment.Segment.Name != node.Segment.Segment.Name).ToList();
        foreach (var peer in peers.Except(overlaid))
        {
            foreach (var block in peer.Blocks)
            {
                w.Ip($"route add {block} via {peer.Ip} dev eth0 proto bird");
            }
        }
        if (overlaid.Count > 0)
        {
            Overlay(w, node, overlaid, CniOverlay.For(node.Cni));
        }
    }

    private static void Overlay(ScriptWriter w, NodeLayout node, IReadOnlyList<NodeLayout> peers, CniOverlay overlay)
    {
        var dev = overlay.Device;
        w.Ip($"link add {dev} type vxlan id {overlay.Vni} dstport {overlay.Port} local {node.Ip} dev eth0 nolearning")
         .Ip($"link set {dev} address {node.CniMac} mtu {LayoutBuilder.UnderlayMtu - 50}")
         .Ip($"addr add {Vtep(node)}/32 dev {dev}")
         .Ip($"link set {dev} up");
        foreach (var peer in peers)
        {
            w.Ip($"neigh replace {Vtep(peer)} lladdr {peer.CniMac} dev {dev} nud permanent");
            w.Bridge($"fdb append {peer.CniMac} dev {dev} dst {peer.Ip} self permanent");
            foreach (var block in peer.Blocks)
            {
                w.Ip($"route add {block} via {Vtep(peer)} dev {dev} onlink");
            }
        }
    }

    /// <summary>Flannel's VTEP address: the network address of the node's (first) block.</summary>
    private static System.Net.IPAddress Vtep(NodeLayout node) => node.Blocks[0].BaseAddress;
}
