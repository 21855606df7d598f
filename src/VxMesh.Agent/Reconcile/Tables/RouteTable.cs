using System.Net;
using VxMesh.Agent.Dataplane;
using VxMesh.Core.Planning;

namespace VxMesh.Agent.Reconcile.Tables;

/// <summary>
/// Our routes (protocol 118, main table), keyed by destination as the FIB keys them; the value is
/// the nexthop object id the route uses (0: a route of ours without one, which is replaced).
/// A route's nexthop is acquired from <see cref="NexthopTable"/>, so the two tables agree by
/// construction rather than by a diff. A remote service range's route points at its cluster's group
/// (<see cref="GroupTable"/>), which decides whether it is wanted; it acquires no nexthop.
/// </summary>
internal sealed class RouteTable
{
    private readonly DeltaTracker<PrefixKey, uint> tracker = new();
    private readonly NexthopTable nexthops;
    private readonly Dictionary<uint, int> heldPerNexthop = [];
    private HashSet<PrefixKey> foreign = [];

    public RouteTable(NexthopTable nexthops)
    {
        this.nexthops = nexthops;
        nexthops.Deleted += ForgetRoutesOf;
    }

    public DeltaTracker<PrefixKey, uint> Tracker => tracker;

    public static NexthopKey KeyOf(RouteEntry route) => new(IpKey.Of(route.Gateway), route.Device, route.Onlink);

    public void Want(RouteEntry route)
    {
        var key = PrefixKey.Of(route.Destination);
        var id = nexthops.Acquire(KeyOf(route));
        if (tracker.Desired.TryGetValue(key, out var previous))
        {
            nexthops.Release(previous);
        }
        tracker.SetDesired(key, id);
    }

    public void Unwant(RouteEntry route)
    {
        var key = PrefixKey.Of(route.Destination);
        if (tracker.Desired.TryGetValue(key, out var id) && nexthops.Tracker.Desired.TryGetValue(id, out var via) && via == KeyOf(route))
        {
            nexthops.Release(id);
            tracker.RemoveDesired(key);
        }
    }

    /// <summary>A service range through its group (a group with members wants it).</summary>
    public void WantService(System.Net.IPNetwork destination, uint groupId)
    {
        var key = PrefixKey.Of(destination);
        if (tracker.Desired.TryGetValue(key, out var previous))
        {
            nexthops.Release(previous);
        }
        tracker.SetDesired(key, groupId);
    }

    /// <summary>The service range goes, unless something else took its prefix meanwhile.</summary>
    public void UnwantService(System.Net.IPNetwork destination, uint groupId)
    {
        var key = PrefixKey.Of(destination);
        if (tracker.Desired.TryGetValue(key, out var id) && id == groupId)
        {
            tracker.RemoveDesired(key);
        }
    }

    /// <summary>A whole plan's routes: new nexthop ids in gateway order, then every route set, then what the old plan held released; service ranges point at their groups.</summary>
    public void WantAll(IReadOnlyList<RouteEntry> routes, IReadOnlyList<ServiceRoute> services)
    {
        nexthops.Reserve(routes.Select(KeyOf));
        var previous = new List<uint>(tracker.Desired.Values);
        var next = new Dictionary<PrefixKey, uint>(routes.Count);
        foreach (var route in routes)
        {
            var key = PrefixKey.Of(route.Destination);
            if (next.TryGetValue(key, out var duplicate))
            {
                nexthops.Release(duplicate);
            }
            next[key] = nexthops.Acquire(KeyOf(route));
        }
        foreach (var service in services)
        {
            var key = PrefixKey.Of(service.Destination);
            if (next.TryGetValue(key, out var duplicate))
            {
                nexthops.Release(duplicate);
            }
            next[key] = service.GroupId;
        }
        foreach (var id in previous)
        {
            nexthops.Release(id);
        }
        nexthops.DropUnused();
        tracker.ReplaceDesired(next);
    }

    public void Load(ObservedState observed)
    {
        var view = new Dictionary<PrefixKey, uint>(observed.Routes.Count);
        heldPerNexthop.Clear();
        foreach (var r in observed.Routes)
        {
            var id = r.NexthopId ?? 0;
            view[PrefixKey.Of(r.Destination)] = id;
            heldPerNexthop[id] = heldPerNexthop.GetValueOrDefault(id) + 1;
        }
        tracker.ReplaceDataplane(view);
        foreign = observed.ForeignRoutes.Select(PrefixKey.Of).ToHashSet();
    }

    /// <summary>
    /// Wanted destinations where someone else's route holds the key (another protocol, as the last
    /// observation saw): a conflict, never overwritten — that block is not programmed here.
    /// </summary>
    public IEnumerable<IPNetwork> Conflicts => foreign.Where(tracker.Desired.ContainsKey).Select(k => k.ToNetwork());

    public int ConflictCount => foreign.Count == 0 ? 0 : foreign.Count(tracker.Desired.ContainsKey);

    public void CollectDeletes(DateTimeOffset now, OpBatch batch)
    {
        foreach (var key in tracker.Pending)
        {
            if (tracker.Retries.IsDue(key, now) && !tracker.Desired.ContainsKey(key))
            {
                batch.Deletes.Add(new DeleteRoute(key.ToNetwork()));
            }
        }
    }

    public void CollectUpserts(DateTimeOffset now, OpBatch batch)
    {
        foreach (var key in tracker.Pending)
        {
            if (tracker.Retries.IsDue(key, now) && tracker.Desired.TryGetValue(key, out var id) && !foreign.Contains(key))
            {
                batch.Upserts.Add(new ReplaceRoute(key.ToNetwork(), id));
            }
        }
    }

    public void Record(OpResult result, DateTimeOffset now, RetryPolicy policy)
    {
        switch (result.Op)
        {
            case ReplaceRoute r when result.Ok:
                Held(PrefixKey.Of(r.Destination), r.NexthopId);
                break;
            case DeleteRoute r when result.Ok:
                Held(PrefixKey.Of(r.Destination), null);
                break;
            case ReplaceRoute r:
                tracker.Retries.Failed(PrefixKey.Of(r.Destination), now, policy);
                break;
            case DeleteRoute r:
                tracker.Retries.Failed(PrefixKey.Of(r.Destination), now, policy);
                break;
        }
    }

    private void Held(PrefixKey key, uint? id)
    {
        if (tracker.Dataplane.TryGetValue(key, out var old))
        {
            heldPerNexthop[old]--;
        }
        if (id is { } now)
        {
            heldPerNexthop[now] = heldPerNexthop.GetValueOrDefault(now) + 1;
            tracker.SetDataplane(key, now);
        }
        else
        {
            tracker.RemoveDataplane(key);
        }
    }

    /// <summary>The kernel deletes the routes that used a deleted nexthop object or group; so does the model (rare: routes move first).</summary>
    public void ForgetRoutesOf(uint id)
    {
        if (heldPerNexthop.GetValueOrDefault(id) == 0)
        {
            return;
        }
        foreach (var key in tracker.Dataplane.Where(r => r.Value == id).Select(r => r.Key).ToList())
        {
            Held(key, null);
        }
    }

    public bool Explains(ObservedRoute r, bool added) =>
        added
            ? tracker.Dataplane.TryGetValue(PrefixKey.Of(r.Destination), out var have) && have == (r.NexthopId ?? 0)
            : !tracker.Dataplane.ContainsKey(PrefixKey.Of(r.Destination));
}
