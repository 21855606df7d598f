using VxMesh.Core.Model;

namespace VxMesh.Core.Planning;

/// <summary>
/// How this node reaches one peer's pods. host-gw routes pod blocks straight to the peer's
/// underlay address, which only works when the peer is one L2 hop away (on the node's connected
/// underlay subnet); it saves the 50-byte encapsulation and the encap/decap work (seeds/004:
/// host-gw loses 27 % against the node, vxlan 43 %). auto takes host-gw where it works and vxlan
/// elsewhere, per peer — flannel's DirectRouting, but across clusters.
/// </summary>
public static class PathChoice
{
    /// <param name="subnet">The node's underlay subnet; null when unknown (offline planning).</param>
    public static PeerPath Choose(Backend backend, NodeSpec peer, System.Net.IPNetwork? subnet) => backend switch
    {
        Backend.Vxlan => PeerPath.Vxlan,
        Backend.Auto => subnet is { } s && s.Contains(peer.Ip) ? PeerPath.HostGw : PeerPath.Vxlan,
        Backend.HostGw when subnet is { } s && !s.Contains(peer.Ip) => throw new PlanningException(
            $"backend host-gw: peer {peer.Name} ({peer.Ip}) is not on this node's underlay subnet {s}, so it cannot be " +
            "reached without encapsulation; set mesh.backend to auto (host-gw where possible, vxlan elsewhere) or vxlan"),
        _ => PeerPath.HostGw,
    };
}
