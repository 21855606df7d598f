using System.Net;
using System.Net.Sockets;
using VxMesh.Core.Model;

namespace VxMesh.Core.Planning;

/// <summary>
/// Computes one node's desired kernel state from a validated inventory. Pure and
/// deterministic: no I/O, no clock, sorted output — so it can be property-tested and
/// so two runs over the same input never produce a diff.
///
/// What a node needs, following seeds/000 (the article's six-node mesh):
/// - one VXLAN device (learning off: peers are known, so nothing is learned from floods);
/// - for every other node of every cluster, a permanent ARP entry (VTEP IP → VTEP MAC) and
///   an FDB entry (VTEP MAC → underlay IP). Together they let the kernel build the inner
///   and the outer header without ever broadcasting on the overlay;
/// - for every pod block of every node in another cluster, a route via that node's VTEP.
///   Own-cluster blocks are the CNI's business, so they get no route here.
///
/// Backends (<see cref="PathChoice"/>): vxlan routes via the peer's VTEP; host-gw via the peer's
/// underlay address when it is one L2 hop away; auto picks per peer.
///
/// Addressing: with mesh.vtepCidr the device holds the node's VTEP IP inside it (the
/// article's way). Without it, flannel's onlink way: the device holds the network address
/// of the node's first block as a /32 and routes go via the peer's first block address
/// with `onlink`, so no extra address range has to be planned.
/// </summary>
public static class Planner
{
    public const int AssumedUnderlayMtu = 1500;

    /// <summary>Plans <paramref name="nodeName"/>; throws <see cref="ArgumentException"/> when the inventory has no such node.</summary>
    public static NodeState Plan(Inventory inventory, string nodeName, NodeFacts? facts = null) =>
        Plan(inventory, Context(inventory, nodeName, facts));

    /// <summary>Plans the node of <paramref name="context"/> (made by <see cref="Context"/> from the same inventory).</summary>
    public static NodeState Plan(Inventory inventory, PlanContext context)
    {
        var fragments = new List<PeerFragment>();
        var present = new HashSet<string>(StringComparer.Ordinal) { context.Self.Name };
        foreach (var (cluster, node) in inventory.AllNodes)
        {
            // Validation makes names unique; an unvalidated duplicate is planned once, as before.
            if (present.Add(node.Name))
            {
                fragments.Add(Peer(context, cluster.Name, node));
            }
        }
        return Assemble(context, fragments);
    }

    /// <summary>Every node's plan, in inventory order.</summary>
    public static IReadOnlyList<NodeState> PlanAll(Inventory inventory) =>
        inventory.AllNodes.Select(p => Plan(inventory, p.Node.Name)).ToList();

    /// <summary>What every peer's contribution depends on; throws <see cref="ArgumentException"/> when the node is not in the inventory.</summary>
    public static PlanContext Context(Inventory inventory, string nodeName, NodeFacts? facts = null)
    {
        facts ??= NodeFacts.Unknown;
        var (cluster, node) = inventory.FindNode(nodeName)
            ?? throw new ArgumentException($"node '{nodeName}' is not in {inventory.Source}", nameof(nodeName));
        var mesh = inventory.Mesh;
        var mtu = PlanMtu(mesh, node, cluster, facts);
        var device = new VxlanDevice(mesh.Device, mesh.Vni, mesh.Port, node.Ip,
            node.UnderlayDev ?? facts.UnderlayDev, node.VtepMac, mtu.DeviceMtu, mesh.TxChecksumOffload);
        return new PlanContext(mesh, cluster.Name, node, facts, device, DeviceAddress(mesh, node), mtu,
            Warnings(inventory, mtu.DeviceMtu, facts));
    }

    /// <summary>
    /// One peer's contribution: how it is reached, its ARP and FDB entries, a route per block when it
    /// is in another cluster (own-cluster blocks are the CNI's business). Pure: the same context and
    /// peer always give the same fragment, which is what lets a caller remove exactly what it added.
    /// </summary>
    public static PeerFragment Peer(PlanContext context, string cluster, NodeSpec node)
    {
        var mesh = context.Mesh;
        var routed = cluster != context.Cluster;
        var peer = new PeerPlan(node.Name, cluster, node.Ip, VtepAddress(mesh, node), node.VtepMac, node.PodCidrs, routed,
            routed ? PathChoice.Choose(mesh.Backend, node, context.Facts.UnderlaySubnet) : PeerPath.Vxlan);
        return new PeerFragment(peer,
            new NeighborEntry(peer.VtepIp, peer.VtepMac),
            new FdbEntry(peer.VtepMac, peer.Underlay),
            routed ? peer.Blocks.Select(b => Route(mesh, context.Device, b, peer)).ToValueList() : ValueList<RouteEntry>.Empty);
    }

    /// <summary>The node's state from its context and its peers' fragments, every list in its total order.</summary>
    public static NodeState Assemble(PlanContext context, IReadOnlyCollection<PeerFragment> fragments)
    {
        var peers = fragments.Select(f => f.Peer).OrderBy(p => p.Cluster, StringComparer.Ordinal).ThenBy(p => p.Node, StringComparer.Ordinal);
        var neighbors = fragments.Select(f => f.Neighbor).OrderBy(n => AddressOrder.Key(n.Ip));
        var fdb = fragments.Select(f => f.Fdb).OrderBy(f => AddressOrder.Key(f.Mac));
        var routes = fragments.SelectMany(f => f.Routes).OrderBy(r => AddressOrder.Key(r.Destination));
        var sources = fragments.Select(f => f.Peer.Underlay).OrderBy(AddressOrder.Key).ToList();
        // Equal underlay addresses collapse (two peers never share one in a valid inventory).
        var allowed = sources.Where((ip, i) => i == 0 || !ip.Equals(sources[i - 1])).ToValueList();
        return new NodeState(
            context.Self.Name, context.Cluster, context.Device, context.Address,
            peers.ToValueList(), neighbors.ToValueList(), fdb.ToValueList(), routes.ToValueList(),
            context.Mtu, context.Warnings, new IngressFilter(context.Mesh.Port, allowed));
    }

    private static ValueList<string> Warnings(Inventory inventory, int deviceMtu, NodeFacts facts) =>
        MtuWarnings(inventory, deviceMtu).Concat(BackendWarnings(inventory.Mesh.Backend, facts)).ToValueList();

    /// <summary>The placeholder device of host-gw routes when the underlay device is not yet known (offline plans).</summary>
    public const string UnknownUnderlay = "(underlay)";

    /// <summary>vxlan: via the peer's VTEP on our device. host-gw: via the peer's underlay address on the underlay device.</summary>
    private static RouteEntry Route(MeshSettings mesh, VxlanDevice device, IPNetwork block, PeerPlan peer) =>
        peer.Path == PeerPath.HostGw
            ? new RouteEntry(block, peer.Underlay, device.UnderlayDev ?? UnknownUnderlay, Onlink: false, peer.Node)
            : new RouteEntry(block, peer.VtepIp, mesh.Device, Onlink: mesh.VtepCidr is null, peer.Node);

    /// <summary>The address a node's VXLAN device answers to: its VTEP IP, or in onlink mode its first block's network address.</summary>
    public static IPAddress VtepAddress(MeshSettings mesh, NodeSpec node) =>
        mesh.VtepCidr is null
            ? node.PodCidrs[0].BaseAddress
            : node.VtepIp ?? throw new InvalidOperationException($"node {node.Name} has no VTEP IP although vtepCidr is set (validation resolves it)");

    private static InterfaceAddress DeviceAddress(MeshSettings mesh, NodeSpec node) =>
        mesh.VtepCidr is { } cidr
            ? new InterfaceAddress(VtepAddress(mesh, node), cidr.PrefixLength)
            : new InterfaceAddress(VtepAddress(mesh, node), FullLength(node.PodCidrs[0].BaseAddress));

    private static MtuReport PlanMtu(MeshSettings mesh, NodeSpec node, ClusterSpec cluster, NodeFacts facts)
    {
        var overhead = EncapsulationOverhead(node.Ip);
        var underlay = facts.UnderlayMtu ?? AssumedUnderlayMtu;
        return new MtuReport(underlay, facts.UnderlayMtu is null, overhead, mesh.Mtu ?? underlay - overhead, mesh.Mtu is not null, cluster.PodMtu);
    }

    /// <summary>Outer IP (20 / 40) + UDP (8) + VXLAN (8) + inner Ethernet (14).</summary>
    public static int EncapsulationOverhead(IPAddress underlay) =>
        underlay.AddressFamily == AddressFamily.InterNetworkV6 ? 70 : 50;

    private static int FullLength(IPAddress address) => address.GetAddressBytes().Length * 8;

    /// <summary>Offline plans cannot see the node's underlay subnet, so they cannot decide host-gw; say so.</summary>
    private static IEnumerable<string> BackendWarnings(Backend backend, NodeFacts facts) =>
        facts.UnderlaySubnet is not null ? [] : backend switch
        {
            Backend.Auto => ["backend auto: the node's underlay subnet is not known here, so every peer shows vxlan; the agent decides host-gw per peer on the node"],
            Backend.HostGw => ["backend host-gw: the node's underlay subnet is not known here, so it is not checked that every peer is one L2 hop away; the agent refuses peers that are not"],
            _ => [],
        };

    /// <summary>
    /// A pod whose MTU exceeds the overlay's sends packets the VXLAN device must fragment or
    /// drop (PMTU black holes on TCP). Every cluster's pods can reach this node's pods, so
    /// every declared pod MTU is checked against this device.
    /// </summary>
    private static IEnumerable<string> MtuWarnings(Inventory inventory, int deviceMtu) =>
        inventory.Clusters
            .Where(c => c.PodMtu > deviceMtu)
            .Select(c => $"cluster {c.Name} gives pods MTU {c.PodMtu} but the overlay carries {deviceMtu}: " +
                         $"set its podMtu (and the CNI's MTU) to {deviceMtu} or less, or raise the underlay MTU");
}
