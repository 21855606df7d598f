using System.Net;
using System.Net.NetworkInformation;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;

namespace VxMesh.Agent.Dataplane;

/// <summary>
/// One change to the kernel. Devices are named, not indexed: the dataplane resolves names
/// when it applies, because a create changes the index. ToString prints the iproute2
/// command with the same effect, so logs and dry runs read like a person's shell session.
/// </summary>
public abstract record DataplaneOp
{
    /// <summary>Deleting what is already gone is success (felix: ENOENT/ESRCH on delete = done).</summary>
    public virtual bool IsDelete => false;
}

public sealed record CreateDevice(VxlanDevice Device) : DataplaneOp
{
    public override string ToString() =>
        $"ip link add {Device.Name} type vxlan id {Device.Vni} dstport {Device.Port} local {Device.Local}" +
        $"{(Device.UnderlayDev is null ? "" : $" dev {Device.UnderlayDev}")} nolearning address {Mac.Format(Device.Mac)} mtu {Device.Mtu}";
}

public sealed record DeleteDevice(string Name) : DataplaneOp
{
    public override bool IsDelete => true;

    public override string ToString() => $"ip link del {Name}";
}

/// <summary>Changes what can change in place; null fields stay as they are.</summary>
/// <param name="Alias">Sets the device's alias (VxMesh's mark, <see cref="Ownership.DeviceAlias"/>); null leaves it.</param>
public sealed record SetDevice(string Name, PhysicalAddress? Mac, int? Mtu, bool? Up, string? Alias = null) : DataplaneOp
{
    public override string ToString() =>
        $"ip link set dev {Name}{(Mac is null ? "" : $" address {Core.Model.Mac.Format(Mac)}")}" +
        $"{(Mtu is null ? "" : $" mtu {Mtu}")}{(Alias is null ? "" : $" alias {Alias}")}{(Up is null ? "" : Up.Value ? " up" : " down")}";
}

/// <summary>tx-checksum-ip-generic on the device (off works around the vxlan + NAT stall, flannel #1279).</summary>
public sealed record SetTxChecksum(string Name, bool Enabled) : DataplaneOp
{
    public override string ToString() => $"ethtool -K {Name} tx-checksum-ip-generic {(Enabled ? "on" : "off")}";
}

public sealed record ReplaceAddress(string Device, InterfaceAddress Address) : DataplaneOp
{
    public override string ToString() => $"ip addr replace {Address} dev {Device}";
}

public sealed record DeleteAddress(string Device, InterfaceAddress Address) : DataplaneOp
{
    public override bool IsDelete => true;

    public override string ToString() => $"ip addr del {Address} dev {Device}";
}

/// <summary>Our neighbour: it carries <see cref="Ownership.RouteProtocol"/> as its protocol, the mark of ours.</summary>
public sealed record ReplaceNeighbor(string Device, IPAddress Ip, PhysicalAddress Mac) : DataplaneOp
{
    public override string ToString() =>
        $"ip neigh replace {Ip} lladdr {Core.Model.Mac.Format(Mac)} dev {Device} nud permanent protocol {Ownership.RouteProtocol}";
}

public sealed record DeleteNeighbor(string Device, IPAddress Ip) : DataplaneOp
{
    public override bool IsDelete => true;

    public override string ToString() => $"ip neigh del {Ip} dev {Device}";
}

/// <summary>Our FDB entry: created with extern_learn (NTF_EXT_LEARNED), the only mark a VXLAN FDB entry can carry.</summary>
public sealed record ReplaceFdb(string Device, PhysicalAddress Mac, IPAddress Destination) : DataplaneOp
{
    public override string ToString() =>
        $"bridge fdb replace {Core.Model.Mac.Format(Mac)} dev {Device} dst {Destination} self permanent extern_learn";
}

public sealed record DeleteFdb(string Device, PhysicalAddress Mac, IPAddress Destination) : DataplaneOp
{
    public override bool IsDelete => true;

    public override string ToString() => $"bridge fdb del {Core.Model.Mac.Format(Mac)} dev {Device} dst {Destination} self";
}

public sealed record ReplaceNexthop(uint Id, IPAddress Gateway, string Device, bool Onlink) : DataplaneOp
{
    public override string ToString() =>
        $"ip nexthop replace id {Id} via {Gateway} dev {Device}{(Onlink ? " onlink" : "")} proto {Ownership.RouteProtocol}";
}

public sealed record DeleteNexthop(uint Id) : DataplaneOp
{
    public override bool IsDelete => true;

    public override string ToString() => $"ip nexthop del id {Id}";
}

/// <summary>
/// A remote cluster's service group: <c>ip nexthop replace id N group A/B/C type resilient … proto 118</c>.
/// Replaced in place, so the routes through it stay and the members that stay keep their buckets (and flows).
/// </summary>
public sealed record ReplaceNexthopGroup(uint Id, ValueList<uint> Members, GroupShape Shape) : DataplaneOp
{
    public override string ToString() =>
        $"ip nexthop replace id {Id} group {string.Join('/', Members)} {Shape} proto {Ownership.RouteProtocol}";
}

/// <summary>Deletes a group; the kernel takes the routes through it along (so they go first).</summary>
public sealed record DeleteNexthopGroup(uint Id) : DataplaneOp
{
    public override bool IsDelete => true;

    public override string ToString() => $"ip nexthop del id {Id}";
}

/// <summary>A kernel setting of the node's network namespace (written under /proc/sys/ from inside it).</summary>
public sealed record SetSysctl(string Name, string Value) : DataplaneOp
{
    public override string ToString() => $"sysctl -w {Name}={Value}";
}

public sealed record ReplaceRoute(IPNetwork Destination, uint NexthopId) : DataplaneOp
{
    public override string ToString() => $"ip route replace {Destination} nhid {NexthopId} proto {Ownership.RouteProtocol}";
}

public sealed record DeleteRoute(IPNetwork Destination) : DataplaneOp
{
    public override bool IsDelete => true;

    public override string ToString() => $"ip route del {Destination} proto {Ownership.RouteProtocol}";
}

/// <summary>Replaces VxMesh's nftables table: VXLAN only from the listed peers.</summary>
public sealed record ReplaceIngressFilter(IngressFilter Filter) : DataplaneOp
{
    public override string ToString() =>
        $"nft: udp dport {Filter.Port} accepted only from {Filter.AllowedSources.Count} peers ({string.Join(", ", Filter.AllowedSources.Take(4))}{(Filter.AllowedSources.Count > 4 ? ", …" : "")})";
}

public sealed record DeleteIngressFilter : DataplaneOp
{
    public override bool IsDelete => true;

    public override string ToString() => "nft delete table inet vxmesh";
}

/// <summary>Lets more peers' VXLAN in: <c>nft add element inet vxmesh vxlan_peers { … }</c>, over netlink.</summary>
public sealed record AddIngressSources(ValueList<IPAddress> Sources) : DataplaneOp
{
    public override string ToString() => $"nft add element inet vxmesh vxlan_peers {{ {string.Join(", ", Sources)} }}";
}

/// <summary>
/// Stops departed peers' VXLAN: <c>nft delete element …</c>. Not a plain delete: one absent element
/// fails the whole transaction, so a not-found answer must force a resync, not count as done.
/// </summary>
public sealed record RemoveIngressSources(ValueList<IPAddress> Sources) : DataplaneOp
{
    public override string ToString() => $"nft delete element inet vxmesh vxlan_peers {{ {string.Join(", ", Sources)} }}";
}

/// <summary>
/// Moves the inner-source interval sets' elements (<c>nft delete element … ; nft add element …</c> in one
/// `nft -f` transaction, removals first). Not a plain delete: an absent element fails the whole change.
/// </summary>
public sealed record ChangeInnerSources(ValueList<IPNetwork> Removed, ValueList<IPNetwork> Added) : DataplaneOp
{
    public override string ToString() => Core.Rendering.NftRenderer.ChangeInner(Removed, Added).TrimEnd('\n').Replace("\n", "; ", StringComparison.Ordinal);
}
