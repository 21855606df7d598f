using System.Net;
using System.Net.Sockets;
using VxMesh.Core.Model;
using VxMesh.Core.Parallelism;

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
/// - for every other cluster's service ranges, a route through a nexthop group of that cluster's
///   nodes (<see cref="ServiceGroups"/>), so flows to its ClusterIPs spread over its kube-proxies.
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
    /// <param name="withdrawn">Peers to leave out of the service groups (<see cref="PlanContext.Withdrawn"/>).</param>
    public static NodeState Plan(Inventory inventory, string nodeName, NodeFacts? facts = null, IEnumerable<string>? withdrawn = null) =>
        Plan(inventory, Context(inventory, nodeName, facts, withdrawn));

    /// <summary>Plans the node of <paramref name="context"/> (made by <see cref="Context"/> from the same inventory).</summary>
    public static NodeState Plan(Inventory inventory, PlanContext context)
    {
        var peers = new List<(ClusterSpec Cluster, NodeSpec Node)>();
        var present = new HashSet<string>(StringComparer.Ordinal) { context.Self.Name };
        foreach (var (cluster, node) in inventory.AllNodes)
        {
            // Validation makes names unique; an unvalidated duplicate is planned once, as before.
            if (present.Add(node.Name))
            {
                peers.Add((cluster, node));
            }
        }
        // Each fragment depends on the context and its peer alone, so they are made on all cores.
        return Assemble(context, Concurrently.Map(peers.Count, i => Peer(context, peers[i].Cluster.Name, peers[i].Node)));
    }

    /// <summary>Every node's plan, in inventory order.</summary>
    public static IReadOnlyList<NodeState> PlanAll(Inventory inventory) =>
        inventory.AllNodes.Select(p => Plan(inventory, p.Node.Name)).ToList();

    /// <summary>What every peer's contribution depends on; throws <see cref="ArgumentException"/> when the node is not in the inventory.</summary>
    /// <param name="withdrawn">Peers to leave out of the service groups (<see cref="PlanContext.Withdrawn"/>).</param>
    public static PlanContext Context(Inventory inventory, string nodeName, NodeFacts? facts = null, IEnumerable<string>? withdrawn = null)
    {
        facts ??= NodeFacts.Unknown;
        var (cluster, node) = inventory.FindNode(nodeName)
            ?? throw new ArgumentException($"node '{nodeName}' is not in {inventory.Source}", nameof(nodeName));
        var mesh = inventory.Mesh;
        var mtu = PlanMtu(mesh, node, cluster, facts);
        var device = new VxlanDevice(mesh.Device, mesh.Vni, mesh.Port, node.Ip,
            node.UnderlayDev ?? facts.UnderlayDev, node.VtepMac, mtu.DeviceMtu, mesh.TxChecksumOffload);
        var services = RemoteServices(inventory, cluster.Name);
        return new PlanContext(mesh, cluster.Name, node, facts, device, DeviceAddress(mesh, node), mtu,
            Warnings(inventory, mtu.DeviceMtu, facts), services, Sysctls(services))
        {
            Withdrawn = withdrawn is null ? ValueList<string>.Empty : withdrawn.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToValueList(),
            InnerRanges = InnerSources.Ranges(inventory, cluster.Name),
        };
    }

    /// <summary>Every other cluster with service ranges, with its group id (ids from every cluster's name, so they agree mesh-wide).</summary>
    private static ValueList<RemoteServices> RemoteServices(Inventory inventory, string own)
    {
        if (!inventory.Clusters.Any(c => c.Name != own && c.ServiceCidrs.Count > 0))
        {
            return ValueList<RemoteServices>.Empty;
        }
        var ids = ServiceGroups.Ids(inventory.Clusters.Select(c => c.Name));
        return inventory.Clusters
            .Where(c => c.Name != own && c.ServiceCidrs.Count > 0)
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => new RemoteServices(c.Name, ids[c.Name], c.ServiceCidrs.OrderBy(AddressOrder.Key).ToValueList()))
            .ToValueList();
    }

    /// <summary>The L4 multipath hash for each address family of the routed service ranges.</summary>
    private static ValueList<SysctlSetting> Sysctls(ValueList<RemoteServices> services) =>
        services.SelectMany(s => s.Cidrs).Select(c => c.BaseAddress.AddressFamily).Distinct().Order()
            .Select(ServiceGroups.HashPolicy).ToValueList();

    /// <summary>
    /// One peer's contribution: how it is reached, its ARP and FDB entries, a route per block when it
    /// is in another cluster (own-cluster blocks are the CNI's business), and its candidacy for that
    /// cluster's service group (through the same nexthop its blocks use) unless it is withdrawn. Pure: the same context and
    /// peer always give the same fragment, which is what lets a caller remove exactly what it added.
    /// </summary>
    public static PeerFragment Peer(PlanContext context, string cluster, NodeSpec node)
    {
        var mesh = context.Mesh;
        var routed = cluster != context.Cluster;
        var peer = new PeerPlan(node.Name, cluster, node.Ip, VtepAddress(mesh, node), node.VtepMac, node.PodCidrs, routed,
            routed ? PathChoice.Choose(mesh.Backend, node, context.Facts.UnderlaySubnet) : PeerPath.Vxlan);
        var service = routed && context.ServicesOf(cluster) is { } services && !IsWithdrawn(context, node.Name)
            ? new GroupCandidate(services.GroupId, Member(mesh, context.Device, peer), ServiceGroups.Rank(context.Self.Name, peer.Node))
            : null;
        return new PeerFragment(peer,
            new NeighborEntry(peer.VtepIp, peer.VtepMac),
            new FdbEntry(peer.VtepMac, peer.Underlay),
            routed ? peer.Blocks.Select(b => Route(mesh, context.Device, b, peer)).ToValueList() : ValueList<RouteEntry>.Empty,
            service);
    }

    private static bool IsWithdrawn(PlanContext context, string node) =>
        context.Withdrawn.Count > 0 && context.Withdrawn.Contains(node, StringComparer.Ordinal);

    /// <summary>The node's state from its context and its peers' fragments, every list in its total order.</summary>
    public static NodeState Assemble(PlanContext context, IReadOnlyCollection<PeerFragment> fragments)
    {
        var peers = ValueList<PeerPlan>.Empty;
        var neighbors = ValueList<NeighborEntry>.Empty;
        var fdb = ValueList<FdbEntry>.Empty;
        var routes = ValueList<RouteEntry>.Empty;
        IngressFilter? ingress = null;
        var services = (Groups: ValueList<NexthopGroup>.Empty, Routes: ValueList<ServiceRoute>.Empty);
        // Independent sorts of the same fragments: one per core at scale.
        Concurrently.Run(fragments.Count,
            () => peers = fragments.Select(f => f.Peer).OrderBy(p => p.Cluster, StringComparer.Ordinal).ThenBy(p => p.Node, StringComparer.Ordinal).ToValueList(),
            () => neighbors = fragments.Select(f => f.Neighbor).OrderBy(n => AddressOrder.Key(n.Ip)).ToValueList(),
            () => fdb = fragments.Select(f => f.Fdb).OrderBy(f => AddressOrder.Key(f.Mac)).ToValueList(),
            () => routes = fragments.SelectMany(f => f.Routes).OrderBy(r => AddressOrder.Key(r.Destination)).ToValueList(),
            () => ingress = Ingress(context, fragments),
            () => services = Groups(context, fragments));
        return new NodeState(
            context.Self.Name, context.Cluster, context.Device, context.Address,
            peers, neighbors, fdb, routes, context.Mtu, context.Warnings, ingress!,
            services.Groups, services.Routes, context.Sysctls);
    }

    private static IngressFilter Ingress(PlanContext context, IReadOnlyCollection<PeerFragment> fragments)
    {
        var sources = fragments.Select(f => f.Peer.Underlay).OrderBy(AddressOrder.Key).ToList();
        // Equal underlay addresses collapse (two peers never share one in a valid inventory).
        var allowed = sources.Where((ip, i) => i == 0 || !ip.Equals(sources[i - 1])).ToValueList();
        return new(context.Mesh.Port, allowed)
        {
            Device = context.Device.Name,
            InnerRanges = context.InnerRanges,
            InnerSources = InnerSources.Normalize(context.InnerRanges.Concat(fragments.SelectMany(f => InnerSources.Of(f.Peer)))),
        };
    }

    /// <summary>A group per remote cluster with service ranges and at least one member; its ranges routed through it. A cluster with no member left has neither.</summary>
    private static (ValueList<NexthopGroup> Groups, ValueList<ServiceRoute> Routes) Groups(PlanContext context, IReadOnlyCollection<PeerFragment> fragments)
    {
        if (context.Services.Count == 0)
        {
            return (ValueList<NexthopGroup>.Empty, ValueList<ServiceRoute>.Empty);
        }
        var candidates = fragments.Where(f => f.Service is not null).Select(f => f.Service!).ToLookup(c => c.GroupId);
        var groups = new List<NexthopGroup>();
        var routes = new List<ServiceRoute>();
        foreach (var services in context.Services)
        {
            var members = ServiceGroups.Members(candidates[services.GroupId]);
            if (members.Count == 0)
            {
                continue;
            }
            groups.Add(new NexthopGroup(services.GroupId, services.Cluster, members, ServiceGroups.Shape));
            routes.AddRange(services.Cidrs.Select(c => new ServiceRoute(c, services.GroupId, services.Cluster)));
        }
        return (groups.OrderBy(g => g.Id).ToValueList(), routes.OrderBy(r => AddressOrder.Key(r.Destination)).ToValueList());
    }

    private static ValueList<string> Warnings(Inventory inventory, int deviceMtu, NodeFacts facts) =>
        MtuWarnings(inventory, deviceMtu).Concat(BackendWarnings(inventory.Mesh.Backend, facts)).ToValueList();

    /// <summary>The placeholder device of host-gw routes when the underlay device is not yet known (offline plans).</summary>
    public const string UnknownUnderlay = "(underlay)";

    /// <summary>vxlan: via the peer's VTEP on our device. host-gw: via the peer's underlay address on the underlay device.</summary>
    private static RouteEntry Route(MeshSettings mesh, VxlanDevice device, IPNetwork block, PeerPlan peer)
    {
        var via = Member(mesh, device, peer);
        return new RouteEntry(block, via.Gateway, via.Device, via.Onlink, peer.Node);
    }

    /// <summary>How the peer is reached, as its nexthop object holds it: what its routes and its group membership share.</summary>
    private static GroupMember Member(MeshSettings mesh, VxlanDevice device, PeerPlan peer) =>
        peer.Path == PeerPath.HostGw
            ? new GroupMember(peer.Node, peer.Underlay, device.UnderlayDev ?? UnknownUnderlay, Onlink: false)
            : new GroupMember(peer.Node, peer.VtepIp, mesh.Device, Onlink: mesh.VtepCidr is null);

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
