using System.Net;
using System.Net.NetworkInformation;
using VxMesh.Core.Model;

namespace VxMesh.Agent.Registry.Etcd;

/// <summary>The value at <c>PREFIX mesh</c>: the inventory's mesh section with defaults applied.</summary>
/// <param name="UpdatedAt">When <c>vxmesh registry load</c> wrote it (etcd keeps no times; status reports this).</param>
public sealed record MeshRecord(
    uint Vni,
    int Port,
    string Device,
    IPNetwork? VtepCidr,
    int? Mtu,
    Backend Backend,
    bool TxChecksumOffload,
    DateTimeOffset UpdatedAt)
{
    public static MeshRecord From(MeshSettings mesh, DateTimeOffset now) =>
        new(mesh.Vni, mesh.Port, mesh.Device, mesh.VtepCidr, mesh.Mtu, mesh.Backend, mesh.TxChecksumOffload, now);
}

/// <summary>The value at <c>PREFIX clusters/NAME</c>: a cluster without its nodes (agents register those).</summary>
public sealed record ClusterRecord(
    string Name,
    CniKind Cni,
    IReadOnlyList<IPNetwork> PodCidrs,
    IReadOnlyList<IPNetwork> ServiceCidrs,
    int? PodMtu,
    DateTimeOffset UpdatedAt);

/// <summary>
/// The value at <c>PREFIX nodes/CLUSTER/NODE</c>, written by the node's own agent and attached to
/// its liveness lease (or, from <c>registry load --with-nodes</c>, static: no lease).
/// </summary>
/// <param name="VtepIp">Allocated or given in vtepCidr mode; null in onlink mode (or left to derivation).</param>
/// <param name="VtepMac">Null means "derive from cluster/name", exactly as in an inventory file.</param>
/// <param name="PodCidrs">May be empty while the CNI has not handed the node a block yet; such a node is not meshed.</param>
/// <param name="RegisteredAt">When the agent first registered (kept across lease renewals of one agent run).</param>
/// <param name="UpdatedAt">When this value was last written (a block appeared, the lease was re-granted ...).</param>
public sealed record NodeRegistration(
    string Cluster,
    string Name,
    IPAddress Ip,
    string? UnderlayDev,
    IPAddress? VtepIp,
    PhysicalAddress? VtepMac,
    IReadOnlyList<IPNetwork> PodCidrs,
    DateTimeOffset RegisteredAt,
    DateTimeOffset UpdatedAt,
    string AgentVersion)
{
    /// <summary>Same node facts, ignoring the timestamps and version (what peers act on).</summary>
    public bool SameFacts(NodeRegistration other) =>
        Cluster == other.Cluster && Name == other.Name && Ip.Equals(other.Ip) && UnderlayDev == other.UnderlayDev
        && Equals(VtepIp, other.VtepIp) && Equals(VtepMac, other.VtepMac) && PodCidrs.SequenceEqual(other.PodCidrs);
}

/// <summary>The value at <c>PREFIX vtep-ips/IP</c>: which node owns a VTEP address (created by compare-and-swap).</summary>
public sealed record VtepAllocation(string Cluster, string Node, DateTimeOffset AllocatedAt)
{
    public bool IsOwnedBy(string cluster, string node) => Cluster == cluster && Node == node;
}

/// <summary>
/// The value at <c>PREFIX claims/CLUSTER/NODE</c>: what a node holds for its identity — its underlay
/// address, VTEP address and MAC, pod blocks — written by its own agent with no lease, so that it
/// outlives a deregistration (a graceful restart, a reboot). The key's etcd create revision is the
/// node's seniority: in a collision the older holder keeps what it holds and the newcomer is left out.
/// </summary>
/// <param name="HeldUntil">
/// While the node is not registered, its claim still holds until then (the agent's clock; it writes
/// now + its grace period when it registers, every third of that period while it runs, and when it
/// deregisters). While the node is registered the claim holds regardless.
/// </param>
public sealed record NodeClaim(
    string Cluster,
    string Node,
    IPAddress Ip,
    IPAddress? VtepIp,
    PhysicalAddress VtepMac,
    IReadOnlyList<IPNetwork> PodCidrs,
    DateTimeOffset ClaimedAt,
    DateTimeOffset HeldUntil,
    string AgentVersion)
{
    /// <summary>Same holdings, ignoring times and version (a refresh changes nothing anyone acts on).</summary>
    public bool SameHoldings(NodeClaim other) =>
        Cluster == other.Cluster && Node == other.Node && Ip.Equals(other.Ip) && Equals(VtepIp, other.VtepIp)
        && VtepMac.Equals(other.VtepMac) && PodCidrs.SequenceEqual(other.PodCidrs);
}
