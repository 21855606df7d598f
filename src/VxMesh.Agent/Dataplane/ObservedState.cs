using System.Net;
using System.Net.NetworkInformation;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;

namespace VxMesh.Agent.Dataplane;

/// <summary>
/// The slice of kernel state the reconciler may look at: our device and what lives on it,
/// and routes/nexthops carrying our protocol. Keyed the way the kernel keys them (ARP by
/// IP, FDB by MAC + destination, routes by prefix, nexthops by id) so diffs are exact.
/// <see cref="Ingress"/> is our nftables table (null when absent); <see cref="Sysctls"/> the settings VxMesh may change.
/// </summary>
public sealed record ObservedState(
    ObservedDevice? Device,
    ValueList<InterfaceAddress> Addresses,
    ValueList<ObservedNeighbor> Neighbors,
    ValueList<FdbEntry> Fdb,
    ValueList<ObservedNexthop> Nexthops,
    ValueList<uint> NexthopIdsInUse,
    ValueList<ObservedRoute> Routes,
    IngressFilter? Ingress = null)
{
    /// <summary>The kernel settings VxMesh may change (<see cref="OwnedSysctls"/>), as found.</summary>
    public ValueList<ObservedSysctl> Sysctls { get; init; } = ValueList<ObservedSysctl>.Empty;

    /// <summary>
    /// Main-table routes of someone else (another protocol) at a destination and metric a route of ours
    /// would take: the same FIB key, so a replace of ours would overwrite theirs. Never touched.
    /// </summary>
    public ValueList<IPNetwork> ForeignRoutes { get; init; } = ValueList<IPNetwork>.Empty;

    /// <summary>
    /// Static FDB entries on our device without our mark (extern_learn): made by hand, by a script, or by an agent
    /// older than the mark. <see cref="Fdb"/> holds only marked ones. Never deleted; one the plan wants as it is
    /// is adopted (re-created with the mark), one that differs is a conflict.
    /// </summary>
    public ValueList<FdbEntry> ForeignFdb { get; init; } = ValueList<FdbEntry>.Empty;

    public static ObservedState Empty { get; } =
        new(null, ValueList<InterfaceAddress>.Empty, ValueList<ObservedNeighbor>.Empty, ValueList<FdbEntry>.Empty,
            ValueList<ObservedNexthop>.Empty, ValueList<uint>.Empty, ValueList<ObservedRoute>.Empty);
}

/// <param name="Kind">The link kind ("vxlan", "bridge", …); null for plain devices.</param>
/// <param name="UnderlayDev">Name of the device in IFLA_VXLAN_LINK, if any.</param>
/// <param name="TxChecksum">tx-checksum-ip-generic; null when not read (not a VXLAN device, or unknown).</param>
/// <param name="Alias">IFLA_IFALIAS: <see cref="Ownership.DeviceAlias"/> on a device VxMesh made; null when it has none.</param>
public sealed record ObservedDevice(
    int Index,
    string Name,
    string? Kind,
    uint Vni,
    int Port,
    IPAddress? Local,
    string? UnderlayDev,
    bool Learning,
    PhysicalAddress? Mac,
    int Mtu,
    bool Up,
    bool? TxChecksum = null,
    string? Alias = null)
{
    /// <summary>Carries VxMesh's mark.</summary>
    public bool Marked => Alias == Ownership.DeviceAlias;
}

/// <param name="Permanent">Static (NUD_PERMANENT or NUD_NOARP): made by someone. Dynamic entries the kernel resolved age out.</param>
/// <param name="Ours">It carries our protocol (<see cref="Ownership.RouteProtocol"/>): a static entry without it is someone else's.</param>
public sealed record ObservedNeighbor(IPAddress Ip, PhysicalAddress? Mac, bool Permanent, bool Ours);

/// <summary>A static FDB entry on our device without our mark (see <see cref="ObservedState.ForeignFdb"/>), as an event's subject.</summary>
public sealed record ForeignFdb(FdbEntry Entry);

/// <summary>A nexthop object with our protocol: a per-peer one (gateway, device) or a group (<paramref name="Group"/>).</summary>
public sealed record ObservedNexthop(uint Id, IPAddress? Gateway, string? Device, bool Onlink, ObservedGroup? Group = null);

/// <summary>A group's members (sorted by id) and, for a resilient group, its shape (null: hash-threshold).</summary>
public sealed record ObservedGroup(ValueList<Netlink.NexthopGroupMember> Members, GroupShape? Shape)
{
    public override string ToString() => $"group {string.Join('/', Members)}{(Shape is null ? "" : $" {Shape}")}";
}

/// <summary>A kernel setting VxMesh may change, as the node's namespace holds it (null: the kernel has no such setting).</summary>
public sealed record ObservedSysctl(string Name, string? Value);

/// <summary>The kernel settings VxMesh may change in its node's namespace: the multipath hash policy, per family.</summary>
public static class OwnedSysctls
{
    public static IReadOnlyList<string> Names { get; } =
        [ServiceGroups.HashPolicy(System.Net.Sockets.AddressFamily.InterNetwork).Name, ServiceGroups.HashPolicy(System.Net.Sockets.AddressFamily.InterNetworkV6).Name];
}

/// <summary>A route with our protocol, in the main table.</summary>
public sealed record ObservedRoute(IPNetwork Destination, uint? NexthopId, IPAddress? Gateway, string? Device, bool Onlink);
