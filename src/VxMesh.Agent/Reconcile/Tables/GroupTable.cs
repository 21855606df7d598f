using VxMesh.Agent.Dataplane;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;
using VxMesh.Netlink;

namespace VxMesh.Agent.Reconcile.Tables;

/// <summary>What a group object holds, as the kernel compares it: member ids (with weights) in id order, and its shape.</summary>
internal sealed record GroupValue(ValueList<NexthopGroupMember> Members, GroupShape? Shape)
{
    public override string ToString() => $"group {string.Join('/', Members)}{(Shape is null ? "" : $" {Shape}")}";
}

/// <summary>
/// Our nexthop groups (one per remote cluster's service ranges), keyed by id as the kernel keys them.
/// A group's members are the per-peer nexthop objects of <see cref="NexthopTable"/>, acquired like a
/// route acquires them (reference-counted), so a member object lives while any route or group uses it
/// and gets the same id its pod blocks' routes use. The group decides its service routes: wanted while
/// it has a member, gone with the last one.
/// <para>
/// Order (see <see cref="ContentModel"/>): member objects are upserted before the groups, groups before
/// the routes through them; on removal the routes go first (deletes), then the group, then member
/// objects nothing uses any more (cleanups, groups before nexthops).
/// </para>
/// <para>
/// Peer changes: each peer's candidacy is kept per group, and the group's members are recomputed from
/// its candidates (<see cref="ServiceGroups.Members"/>) when one of them changes. After a whole plan
/// only the members are known, not the candidates left out at the cap, so a change touching a group at
/// <see cref="ServiceGroups.MaxMembers"/> needs a whole plan (<see cref="NeedsWholePlan"/>).
/// </para>
/// </summary>
internal sealed class GroupTable
{
    private readonly DeltaTracker<uint, GroupValue> tracker = new();
    private readonly NexthopTable nexthops;
    private readonly RouteTable routes;
    private readonly Dictionary<uint, RemoteServices> services = [];
    private readonly Dictionary<uint, Dictionary<string, GroupCandidate>> candidates = [];
    private readonly Dictionary<uint, List<uint>> held = [];
    private readonly HashSet<uint> truncated = [];
    private readonly HashSet<uint> dirty = [];
    private string self = "";

    public GroupTable(NexthopTable nexthops, RouteTable routes)
    {
        this.nexthops = nexthops;
        this.routes = routes;
    }

    public DeltaTracker<uint, GroupValue> Tracker => tracker;

    /// <summary>Raised when the kernel deleted a group of ours: it took the routes using it along.</summary>
    public event Action<uint>? Deleted;

    /// <summary>A whole plan: its groups and service ranges replace what was wanted (the routes themselves go through <see cref="RouteTable.WantAll"/>).</summary>
    public void WantAll(NodeState desired)
    {
        self = desired.Node;
        services.Clear();
        foreach (var group in desired.ServiceRoutes.GroupBy(r => r.GroupId))
        {
            services[group.Key] = new RemoteServices(group.First().Cluster, group.Key, group.Select(r => r.Destination).ToValueList());
        }
        candidates.Clear();
        truncated.Clear();
        var next = new Dictionary<uint, GroupValue>(desired.Groups.Count);
        var previous = held.Values.SelectMany(ids => ids).ToList();
        held.Clear();
        foreach (var group in desired.Groups)
        {
            candidates[group.Id] = group.Members.ToDictionary(m => m.Peer, m => new GroupCandidate(group.Id, m, ServiceGroups.Rank(self, m.Peer)), StringComparer.Ordinal);
            if (group.Members.Count >= ServiceGroups.MaxMembers)
            {
                truncated.Add(group.Id);
            }
            next[group.Id] = Acquire(group.Id, group.Members, group.Shape);
        }
        foreach (var id in previous)
        {
            nexthops.Release(id);
        }
        dirty.Clear();
        tracker.ReplaceDesired(next);
    }

    /// <summary>The service ranges of every remote cluster (from the plan's context), for groups that gain their first member by a peer change.</summary>
    public void SetServices(string node, IReadOnlyList<RemoteServices> all)
    {
        self = node;
        foreach (var s in all)
        {
            services[s.GroupId] = s;
        }
    }

    /// <summary>True when a change of these candidacies cannot be applied from the candidates held (a group at the cap).</summary>
    public bool NeedsWholePlan(GroupCandidate? before, GroupCandidate? after) =>
        (before is not null && truncated.Contains(before.GroupId)) || (after is not null && truncated.Contains(after.GroupId));

    public void Unwant(GroupCandidate candidate)
    {
        if (candidates.TryGetValue(candidate.GroupId, out var of) && of.Remove(candidate.Member.Peer))
        {
            dirty.Add(candidate.GroupId);
        }
    }

    public void Want(GroupCandidate candidate)
    {
        if (!candidates.TryGetValue(candidate.GroupId, out var of))
        {
            candidates[candidate.GroupId] = of = new(StringComparer.Ordinal);
        }
        of[candidate.Member.Peer] = candidate;
        dirty.Add(candidate.GroupId);
    }

    /// <summary>The groups whose candidates changed get their members again; a group with none left goes, with its routes.</summary>
    public void Refresh()
    {
        foreach (var id in dirty)
        {
            var members = candidates.TryGetValue(id, out var of) ? ServiceGroups.Members(of.Values) : ValueList<GroupMember>.Empty;
            var previous = held.Remove(id, out var ids) ? ids : [];
            var cidrs = services.TryGetValue(id, out var s) ? s.Cidrs : ValueList<System.Net.IPNetwork>.Empty;
            if (members.Count == 0 || cidrs.Count == 0)
            {
                tracker.RemoveDesired(id);
                foreach (var cidr in cidrs)
                {
                    routes.UnwantService(cidr, id);
                }
            }
            else
            {
                tracker.SetDesired(id, Acquire(id, members, ServiceGroups.Shape));
                foreach (var cidr in cidrs)
                {
                    routes.WantService(cidr, id);
                }
            }
            foreach (var nh in previous)
            {
                nexthops.Release(nh);
            }
        }
        dirty.Clear();
    }

    private GroupValue Acquire(uint id, IReadOnlyList<GroupMember> members, GroupShape shape)
    {
        var ids = members.Select(m => nexthops.Acquire(new NexthopKey(IpKey.Of(m.Gateway), m.Device, m.Onlink))).ToList();
        held[id] = ids;
        return new GroupValue(ids.Distinct().Order().Select(n => new NexthopGroupMember(n)).ToValueList(), shape);
    }

    public void Load(ObservedState observed)
    {
        var view = new Dictionary<uint, GroupValue>();
        foreach (var n in observed.Nexthops)
        {
            if (n.Group is { } g)
            {
                view[n.Id] = new GroupValue(g.Members, g.Shape);
            }
        }
        tracker.ReplaceDataplane(view);
    }

    public bool Holds(uint id) => tracker.Dataplane.ContainsKey(id) || tracker.Desired.ContainsKey(id);

    public void CollectUpserts(DateTimeOffset now, OpBatch batch)
    {
        foreach (var id in tracker.Pending)
        {
            if (tracker.Retries.IsDue(id, now) && tracker.Desired.TryGetValue(id, out var want))
            {
                // A group of another type or bucket count cannot be changed in place (EINVAL): it is deleted
                // (taking its routes) and made again, and its routes follow it in the same batch.
                var remake = tracker.Dataplane.TryGetValue(id, out var have) && have.Shape != want.Shape;
                if (remake)
                {
                    batch.Upserts.Add(new DeleteNexthopGroup(id));
                }
                batch.Upserts.Add(new ReplaceNexthopGroup(id, want.Members.Select(m => m.Id).ToValueList(), want.Shape!));
                if (remake && services.TryGetValue(id, out var s))
                {
                    batch.Upserts.AddRange(s.Cidrs.Select(c => new ReplaceRoute(c, id)));
                }
            }
        }
    }

    public void CollectDeletes(DateTimeOffset now, OpBatch batch)
    {
        foreach (var id in tracker.Pending)
        {
            if (tracker.Retries.IsDue(id, now) && !tracker.Desired.ContainsKey(id))
            {
                batch.Cleanups.Add(new DeleteNexthopGroup(id));
            }
        }
    }

    public void Record(OpResult result, DateTimeOffset now, RetryPolicy policy)
    {
        switch (result.Op)
        {
            case ReplaceNexthopGroup g when result.Ok:
                tracker.SetDataplane(g.Id, new GroupValue(g.Members.Order().Select(m => new NexthopGroupMember(m)).ToValueList(), g.Shape));
                break;
            case DeleteNexthopGroup g when result.Ok:
                tracker.RemoveDataplane(g.Id);
                Deleted?.Invoke(g.Id);
                break;
            case ReplaceNexthopGroup g:
                tracker.Retries.Failed(g.Id, now, policy);
                break;
            case DeleteNexthopGroup g:
                tracker.Retries.Failed(g.Id, now, policy);
                break;
        }
    }

    /// <summary>The kernel removes a deleted member from every group holding it (and deletes a group left empty).</summary>
    public void MemberDeleted(uint member)
    {
        foreach (var (id, value) in tracker.Dataplane.ToList())
        {
            if (value.Members.All(m => m.Id != member))
            {
                continue;
            }
            var left = value.Members.Where(m => m.Id != member).ToValueList();
            if (left.Count == 0)
            {
                tracker.RemoveDataplane(id);
                Deleted?.Invoke(id);
            }
            else
            {
                tracker.SetDataplane(id, value with { Members = left });
            }
        }
    }

    public bool Explains(ObservedNexthop n, bool added) =>
        added
            ? n.Group is { } g && tracker.Dataplane.TryGetValue(n.Id, out var have) && have == new GroupValue(g.Members, g.Shape)
            : !tracker.Dataplane.ContainsKey(n.Id);
}
