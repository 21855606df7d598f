using VxMesh.Agent.Dataplane;
using VxMesh.Core.Planning;

namespace VxMesh.Agent.Reconcile.Tables;

/// <summary>
/// Our ARP/NDP entries on our device (permanent, protocol 118), keyed by IP as the kernel keys them;
/// the value is the peer's VTEP MAC. A dynamic entry the kernel resolved for an address we want is not
/// in the dataplane view, so it gets replaced; any other dynamic one ages out. A static entry without
/// our protocol is someone else's (by hand, a script, an agent older than the mark): never deleted;
/// at an address we want it is adopted when its MAC is the plan's (the replace marks it) and is a
/// conflict otherwise — not overwritten, that peer not programmed here.
/// </summary>
internal sealed class NeighborTable
{
    private readonly DeltaTracker<IpKey, MacKey> tracker = new();
    private Dictionary<IpKey, MacKey> foreign = [];

    public DeltaTracker<IpKey, MacKey> Tracker => tracker;

    public void Want(NeighborEntry entry) => tracker.SetDesired(IpKey.Of(entry.Ip), MacKey.Of(entry.Mac));

    public void Unwant(NeighborEntry entry)
    {
        var key = IpKey.Of(entry.Ip);
        // Two peers never share a VTEP address in a valid inventory; if they did, the later one holds the key.
        if (tracker.Desired.TryGetValue(key, out var mac) && mac == MacKey.Of(entry.Mac))
        {
            tracker.RemoveDesired(key);
        }
    }

    public void WantAll(IEnumerable<NeighborEntry> entries) =>
        tracker.ReplaceDesired(entries.ToDictionary(e => IpKey.Of(e.Ip), e => MacKey.Of(e.Mac)));

    public void Load(ObservedState observed)
    {
        var view = new Dictionary<IpKey, MacKey>(observed.Neighbors.Count);
        foreign = [];
        foreach (var n in observed.Neighbors)
        {
            if (n.Permanent)
            {
                // A static entry without a link-layer address matches no plan: ours is replaced, theirs a conflict.
                (n.Ours ? view : foreign)[IpKey.Of(n.Ip)] = n.Mac is null ? new MacKey(ulong.MaxValue) : MacKey.Of(n.Mac);
            }
        }
        tracker.ReplaceDataplane(view);
    }

    /// <summary>Wanted addresses where someone else's static entry holds another MAC: never overwritten.</summary>
    public IEnumerable<EntryConflict> Conflicts(string device) =>
        foreign.Where(f => IsConflict(f.Key)).Select(f =>
            new EntryConflict("neighbor", $"{f.Key.ToAddress()} dev {device}", Mac(f.Value), Mac(tracker.Desired[f.Key])));

    public int ConflictCount => foreign.Count == 0 ? 0 : foreign.Keys.Count(IsConflict);

    private bool IsConflict(IpKey key) => tracker.Desired.TryGetValue(key, out var want) && foreign[key] != want;

    private static string Mac(MacKey mac) => mac.Value == ulong.MaxValue ? "no lladdr" : $"lladdr {Core.Model.Mac.Format(mac.ToAddress())}";

    public void Collect(string device, DateTimeOffset now, OpBatch batch)
    {
        foreach (var key in tracker.Pending)
        {
            if (!tracker.Retries.IsDue(key, now))
            {
                continue;
            }
            if (tracker.Desired.TryGetValue(key, out var mac))
            {
                // Someone else's entry with the plan's MAC is adopted by this replace (it takes our protocol).
                if (!foreign.TryGetValue(key, out var theirs) || theirs == mac)
                {
                    batch.Upserts.Add(new ReplaceNeighbor(device, key.ToAddress(), mac.ToAddress()));
                }
            }
            else
            {
                batch.Deletes.Add(new DeleteNeighbor(device, key.ToAddress()));
            }
        }
    }

    public void Record(OpResult result, DateTimeOffset now, RetryPolicy policy)
    {
        switch (result.Op)
        {
            case ReplaceNeighbor n when result.Ok:
                foreign.Remove(IpKey.Of(n.Ip));
                tracker.SetDataplane(IpKey.Of(n.Ip), MacKey.Of(n.Mac));
                break;
            case DeleteNeighbor n when result.Ok:
                tracker.RemoveDataplane(IpKey.Of(n.Ip));
                break;
            case ReplaceNeighbor n:
                tracker.Retries.Failed(IpKey.Of(n.Ip), now, policy);
                break;
            case DeleteNeighbor n:
                tracker.Retries.Failed(IpKey.Of(n.Ip), now, policy);
                break;
        }
    }

    /// <summary>True when the event is what the model already says (the echo of our own write).</summary>
    public bool Explains(ObservedNeighbor n, bool added)
    {
        var key = IpKey.Of(n.Ip);
        var held = tracker.Dataplane.TryGetValue(key, out var mac);
        if (!n.Permanent && !held)
        {
            // Dynamic neighbours the kernel makes for addresses we do not manage are not ours.
            return true;
        }
        if (n.Permanent && !n.Ours && !held)
        {
            // Someone else's: explained when the model already knows it so (a new one may free or block a key).
            return added ? foreign.TryGetValue(key, out var theirs) && n.Mac is not null && theirs == MacKey.Of(n.Mac) : !foreign.ContainsKey(key);
        }
        return added ? held && n.Permanent && n.Mac is not null && mac == MacKey.Of(n.Mac) : !held;
    }
}
