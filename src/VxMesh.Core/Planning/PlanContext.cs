using VxMesh.Core.Model;

namespace VxMesh.Core.Planning;

/// <summary>
/// Everything about one node's plan that does not depend on any single peer: the mesh settings,
/// the node itself, its facts, and what follows from them (device, address, MTU, warnings). Two
/// equal contexts plan every peer the same way, so a caller holding the peers' contributions from
/// an earlier context may keep them as long as the context compares equal; any other change (mesh
/// settings, this node's spec or cluster, its facts) means planning every peer again.
/// </summary>
public sealed record PlanContext(
    MeshSettings Mesh,
    string Cluster,
    NodeSpec Self,
    NodeFacts Facts,
    VxlanDevice Device,
    InterfaceAddress Address,
    MtuReport Mtu,
    ValueList<string> Warnings);

/// <summary>
/// Everything one peer contributes to a node's plan, keyed as the kernel keys it: the ARP entry,
/// the FDB entry, a route per block when routed, and its underlay address for the ingress filter.
/// </summary>
public sealed record PeerFragment(PeerPlan Peer, NeighborEntry Neighbor, FdbEntry Fdb, ValueList<RouteEntry> Routes);
