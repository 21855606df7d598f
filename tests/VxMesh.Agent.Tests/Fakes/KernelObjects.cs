using System.Net;
using System.Net.NetworkInformation;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;

namespace VxMesh.Agent.Tests.Fakes;

/// <summary>A network device. Kind null is a plain device (what iproute2 shows without "link/…" info).</summary>
public sealed record KernelLink(
    int Index,
    string Name,
    string? Kind,
    int Mtu,
    bool Up,
    PhysicalAddress? Mac = null,
    uint Vni = 0,
    int Port = 0,
    IPAddress? Local = null,
    string? UnderlayDev = null,
    bool Learning = false,
    bool TxChecksum = true)
{
    public string? Alias { get; init; }

    public override string ToString() =>
        $"link {Name} {Kind ?? "plain"} mtu {Mtu} {(Up ? "up" : "down")} mac {(Mac is null ? "-" : Core.Model.Mac.Format(Mac))}" +
        (Kind == "vxlan" ? $" vni {Vni} port {Port} local {Local} dev {UnderlayDev ?? "-"} learning {Learning} txcsum {TxChecksum}" : "") +
        (Alias is null ? "" : $" alias {Alias}");
}

public sealed record KernelAddress(string Device, InterfaceAddress Address)
{
    public override string ToString() => $"addr {Address} dev {Device}";
}

/// <param name="Protocol">NDA_PROTOCOL: 118 on VxMesh's entries, 0 on the kernel's and on ones made by hand.</param>
public sealed record KernelNeighbor(string Device, IPAddress Ip, PhysicalAddress? Mac, bool Permanent, byte Protocol = 0)
{
    public override string ToString() =>
        $"neigh {Ip} dev {Device} lladdr {(Mac is null ? "-" : Core.Model.Mac.Format(Mac))} {(Permanent ? "PERMANENT" : "REACHABLE")}{(Protocol == 0 ? "" : $" proto {Protocol}")}";
}

/// <param name="Marked">extern_learn (NTF_EXT_LEARNED), VxMesh's mark; the kernel keeps it per MAC, for all its remotes.</param>
public sealed record KernelFdb(string Device, PhysicalAddress Mac, IPAddress Destination, bool Marked)
{
    public override string ToString() => $"fdb {Core.Model.Mac.Format(Mac)} dev {Device} dst {Destination} self permanent{(Marked ? " extern_learn" : "")}";
}

public sealed record KernelNexthop(uint Id, IPAddress Gateway, string Device, bool Onlink, byte Protocol)
{
    public override string ToString() => $"nexthop id {Id} via {Gateway} dev {Device}{(Onlink ? " onlink" : "")} proto {Protocol}";
}

/// <summary>A nexthop group: member ids in id order and its shape (null: hash-threshold).</summary>
public sealed record KernelGroup(uint Id, ValueList<uint> Members, GroupShape? Shape, byte Protocol)
{
    public override string ToString() => $"nexthop id {Id} group {string.Join('/', Members)}{(Shape is null ? "" : $" {Shape}")} proto {Protocol}";
}

/// <summary>A route in the main table: via a nexthop object (NexthopId) or a plain gateway on a device.</summary>
public sealed record KernelRoute(IPNetwork Destination, uint? NexthopId, IPAddress? Gateway, string? Device, bool Onlink, byte Protocol)
{
    public bool Ours => Protocol == Ownership.RouteProtocol;

    public override string ToString() =>
        NexthopId is { } id
            ? $"route {Destination} nhid {id} proto {Protocol}"
            : $"route {Destination} via {Gateway} dev {Device}{(Onlink ? " onlink" : "")} proto {Protocol}";
}
