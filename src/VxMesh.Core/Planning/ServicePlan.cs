using System.Net;
using VxMesh.Core.Model;

namespace VxMesh.Core.Planning;

/// <summary>A remote cluster's service ranges as this node routes them: all through one nexthop group.</summary>
/// <param name="GroupId">The group's kernel id (<see cref="ServiceGroups.Ids"/>): the same on every node of the mesh.</param>
public sealed record RemoteServices(string Cluster, uint GroupId, ValueList<IPNetwork> Cidrs);

/// <summary>
/// One member of a service group: a remote node's own nexthop, the very one its pod blocks' routes use
/// (same gateway, device and onlink flag), so the reconciler shares the object instead of making another.
/// </summary>
/// <param name="Peer">The node behind it (for reports; not a kernel attribute).</param>
public sealed record GroupMember(string Peer, IPAddress Gateway, string Device, bool Onlink)
{
    public override string ToString() => $"via {Gateway} dev {Device}{(Onlink ? " onlink" : "")}";
}

/// <summary>A peer that may be a member of its cluster's group; the <paramref name="Rank"/> decides when the cluster has more nodes than a group holds.</summary>
public sealed record GroupCandidate(uint GroupId, GroupMember Member, ulong Rank);

/// <summary>
/// How a group spreads flows: resilient hashing over a fixed table of buckets (kernel 5.13+). A member that
/// leaves gives up only its own buckets, so flows hashed to the other members stay where they are; a member
/// that joins takes over buckets once they have been idle for <paramref name="IdleTimerMs"/>, or, when flows
/// never pause, after the group has been unbalanced for <paramref name="UnbalancedTimerMs"/>.
/// The bucket count cannot change on a live group (the kernel refuses), so it is a constant.
/// </summary>
public sealed record GroupShape(int Buckets, int IdleTimerMs, int UnbalancedTimerMs)
{
    public override string ToString() =>
        $"type resilient buckets {Buckets} idle_timer {IdleTimerMs / 1000} unbalanced_timer {UnbalancedTimerMs / 1000}";
}

/// <summary>A nexthop group, keyed by id as the kernel keys it; members sorted by gateway.</summary>
public sealed record NexthopGroup(uint Id, string Cluster, ValueList<GroupMember> Members, GroupShape Shape)
{
    public override string ToString() => $"id {Id} group of {Members.Count} ({Cluster}) {Shape}";
}

/// <summary>A route to one remote service range through its cluster's group.</summary>
public sealed record ServiceRoute(IPNetwork Destination, uint GroupId, string Cluster)
{
    public override string ToString() => $"{Destination} nhid {GroupId}";
}

/// <summary>A kernel setting of this node's network namespace that the plan needs, and why.</summary>
public sealed record SysctlSetting(string Name, string Value, string Reason)
{
    public override string ToString() => $"{Name}={Value}";
}
