using VxMesh.Agent.Dataplane;
using VxMesh.Core.Model;

namespace VxMesh.Agent.Reconcile.Tables;

/// <summary>
/// Our nexthop objects, keyed by id as the kernel keys them; the value is what the object points at.
/// Routes acquire an id per <see cref="NexthopKey"/> (reference-counted, so a peer's blocks share
/// one object) and release it when they go; an object no route wants is deleted after the routes
/// have moved (deleting one still in use would take its routes with it).
/// <para>
/// Ids: an object already in the kernel for the same key is adopted (a restarted agent changes
/// nothing); otherwise the next free id at or above <see cref="Ownership.NexthopIdBase"/> is taken,
/// skipping ids anyone else uses. A full plan allocates in gateway order, so the same kernel and the
/// same plan give the same ids.
/// </para>
/// </summary>
internal sealed class NexthopTable
{
    private readonly DeltaTracker<uint, NexthopKey> tracker = new();
    private readonly Dictionary<NexthopKey, (uint Id, int Routes)> desiredByKey = [];
    private readonly Dictionary<NexthopKey, uint> heldByKey = [];
    private HashSet<uint> foreign = [];
    private uint cursor = Ownership.NexthopIdBase;

    public DeltaTracker<uint, NexthopKey> Tracker => tracker;

    /// <summary>Raised when the kernel deleted an object of ours: it took the routes using it along.</summary>
    public event Action<uint>? Deleted;

    public uint Acquire(NexthopKey key)
    {
        if (desiredByKey.TryGetValue(key, out var held))
        {
            desiredByKey[key] = (held.Id, held.Routes + 1);
            return held.Id;
        }
        var id = heldByKey.TryGetValue(key, out var adopted) && !tracker.Desired.ContainsKey(adopted) ? adopted : Allocate();
        desiredByKey[key] = (id, 1);
        tracker.SetDesired(id, key);
        return id;
    }

    public void Release(uint id)
    {
        if (!tracker.Desired.TryGetValue(id, out var key) || !desiredByKey.TryGetValue(key, out var held))
        {
            return;
        }
        if (held.Routes > 1)
        {
            desiredByKey[key] = (held.Id, held.Routes - 1);
            return;
        }
        desiredByKey.Remove(key);
        tracker.RemoveDesired(id);
    }

    /// <summary>Reserves ids for keys no object exists for yet, in gateway order (a full plan's allocation order).</summary>
    public void Reserve(IEnumerable<NexthopKey> keys)
    {
        foreach (var key in keys.Where(k => !desiredByKey.ContainsKey(k) && !heldByKey.ContainsKey(k)).Distinct()
                     .OrderBy(k => k.Gateway).ThenBy(k => k.Device, StringComparer.Ordinal).ThenBy(k => k.Onlink))
        {
            var id = Allocate();
            desiredByKey[key] = (id, 0);
            tracker.SetDesired(id, key);
        }
    }

    /// <summary>Drops reservations no route took (the counterpart of <see cref="Reserve"/>).</summary>
    public void DropUnused()
    {
        foreach (var (key, held) in desiredByKey.Where(d => d.Value.Routes == 0).ToList())
        {
            desiredByKey.Remove(key);
            tracker.RemoveDesired(held.Id);
        }
    }

    public void Load(ObservedState observed)
    {
        var view = new Dictionary<uint, NexthopKey>(observed.Nexthops.Count);
        heldByKey.Clear();
        foreach (var n in observed.Nexthops.OrderBy(n => n.Id))
        {
            if (n.Group is not null)
            {
                // Groups are GroupTable's; their ids stay out of allocation as foreign ones.
                continue;
            }
            // An object of ours that points nowhere we would point matches no key: it is deleted.
            var key = n.Gateway is null || n.Device is null ? new NexthopKey(default, "", false) : new NexthopKey(IpKey.Of(n.Gateway), n.Device, n.Onlink);
            view[n.Id] = key;
            heldByKey.TryAdd(key, n.Id);
        }
        foreign = [.. observed.NexthopIdsInUse.Where(id => !view.ContainsKey(id))];
        tracker.ReplaceDataplane(view);
        cursor = Ownership.NexthopIdBase;
    }

    private uint Allocate()
    {
        while (tracker.Dataplane.ContainsKey(cursor) || tracker.Desired.ContainsKey(cursor) || foreign.Contains(cursor) || Ownership.IsGroupId(cursor))
        {
            cursor++;
        }
        return cursor++;
    }

    public void CollectUpserts(DateTimeOffset now, OpBatch batch)
    {
        foreach (var id in tracker.Pending)
        {
            if (tracker.Retries.IsDue(id, now) && tracker.Desired.TryGetValue(id, out var key))
            {
                batch.Upserts.Add(new ReplaceNexthop(id, key.Gateway.ToAddress(), key.Device, key.Onlink));
            }
        }
    }

    public void CollectDeletes(DateTimeOffset now, OpBatch batch)
    {
        foreach (var id in tracker.Pending)
        {
            if (tracker.Retries.IsDue(id, now) && !tracker.Desired.ContainsKey(id))
            {
                batch.Cleanups.Add(new DeleteNexthop(id));
            }
        }
    }

    public void Record(OpResult result, DateTimeOffset now, RetryPolicy policy)
    {
        switch (result.Op)
        {
            case ReplaceNexthop n when result.Ok:
                var key = new NexthopKey(IpKey.Of(n.Gateway), n.Device, n.Onlink);
                tracker.SetDataplane(n.Id, key);
                heldByKey.TryAdd(key, n.Id);
                break;
            case DeleteNexthop n when result.Ok:
                if (tracker.Dataplane.TryGetValue(n.Id, out var gone) && heldByKey.TryGetValue(gone, out var heldId) && heldId == n.Id)
                {
                    heldByKey.Remove(gone);
                }
                tracker.RemoveDataplane(n.Id);
                Deleted?.Invoke(n.Id);
                break;
            case ReplaceNexthop n:
                tracker.Retries.Failed(n.Id, now, policy);
                break;
            case DeleteNexthop n:
                tracker.Retries.Failed(n.Id, now, policy);
                break;
        }
    }

    public bool Explains(ObservedNexthop n, bool added) =>
        added
            ? tracker.Dataplane.TryGetValue(n.Id, out var have) && n.Gateway is not null && n.Device is not null
              && have == new NexthopKey(IpKey.Of(n.Gateway), n.Device, n.Onlink)
            : !tracker.Dataplane.ContainsKey(n.Id);
}
