using VxMesh.Core.Model;
using VxMesh.Lab.Layout;

namespace VxMesh.Lab.Scripts;

/// <summary>
/// The CNI's routes to the other nodes of the same cluster (VxMesh leaves those alone).
/// Calico: a peer on the same segment is routed directly via its underlay address (what BIRD
/// installs, `proto bird`); a peer across the fabric through vxlan.calico (CrossSubnet).
/// Flannel: every peer through flannel.1, `via <peer block .0> onlink` with a permanent ARP
/// and an FDB entry per peer, exactly seeds/001's table. ARP before FDB before route, so the
/// first packet finds everything it needs. <see cref="CniMembership"/> applies the same rules
/// to one node joining or leaving a running lab.
/// </summary>
internal static class CniRoutes
{
    public static void Write(ScriptWriter w, NodeLayout node, IReadOnlyList<NodeLayout> peers)
    {
        var overlaid = peers.Where(p => Overlaid(node, p)).ToList();
        foreach (var peer in peers.Except(overlaid))
        {
            Direct(w, peer);
        }
        if (overlaid.Count > 0)
        {
            CreateOverlay(w, node);
            foreach (var peer in overlaid)
            {
                OverlayPeer(w, node, peer);
            }
        }
    }

    /// <summary>Flannel overlays every peer; Calico only peers on another segment (CrossSubnet).</summary>
    public static bool Overlaid(NodeLayout node, NodeLayout peer) =>
        node.Cni == CniKind.Flannel || peer.Segment.Segment.Name != node.Segment.Segment.Name;

    /// <param name="verb">add in a fresh node; replace when a node joins a running lab, where a leftover must not fail the join.</param>
    public static void Direct(ScriptWriter w, NodeLayout peer, string verb = "add")
    {
        foreach (var block in peer.Blocks)
        {
            w.Ip($"route {verb} {block} via {peer.Ip} dev eth0 proto bird");
        }
    }

    public static void CreateOverlay(ScriptWriter w, NodeLayout node)
    {
        var overlay = CniOverlay.For(node.Cni);
        w.Ip($"link add {overlay.Device} type vxlan id {overlay.Vni} dstport {overlay.Port} local {node.Ip} dev eth0 nolearning")
         .Ip($"link set {overlay.Device} address {node.CniMac} mtu {LayoutBuilder.UnderlayMtu - 50}")
         .Ip($"addr add {Vtep(node)}/32 dev {overlay.Device}")
         .Ip($"link set {overlay.Device} up");
    }

    public static void OverlayPeer(ScriptWriter w, NodeLayout node, NodeLayout peer, string verb = "add")
    {
        var dev = CniOverlay.For(node.Cni).Device;
        w.Ip($"neigh replace {Vtep(peer)} lladdr {peer.CniMac} dev {dev} nud permanent");
        w.Bridge($"fdb append {peer.CniMac} dev {dev} dst {peer.Ip} self permanent");
        foreach (var block in peer.Blocks)
        {
            w.Ip($"route {verb} {block} via {Vtep(peer)} dev {dev} onlink");
        }
    }

    /// <summary>Flannel's VTEP address: the network address of the node's (first) block.</summary>
    public static System.Net.IPAddress Vtep(NodeLayout node) => node.Blocks[0].BaseAddress;
}
