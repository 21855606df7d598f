using VxMesh.Agent.Dataplane;
using VxMesh.Core.Planning;

namespace VxMesh.Agent.Reconcile.Tables;

/// <summary>
/// Permanent ARP/NDP entries on our device, keyed by IP as the kernel keys them; the value is the
/// peer's VTEP MAC. Only permanent entries are ours: a dynamic entry the kernel made for an address
/// we want is simply not in the dataplane view, so it gets replaced; any other dynamic one ages out.
/// </summary>
internal sealed class NeighborTable
{
    private readonly DeltaTracker<IpKey, MacKey> tracker = new();

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
        foreach (var n in observed.Neighbors)
        {
            if (n.Permanent)
            {
                // A permanent entry without a link-layer address matches no plan: it is replaced.
                view[IpKey.Of(n.Ip)] = n.Mac is null ? new MacKey(ulong.MaxValue) : MacKey.Of(n.Mac);
            }
        }
        tracker.ReplaceDataplane(view);
    }

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
                batch.Upserts.Add(new ReplaceNeighbor(device, key.ToAddress(), mac.ToAddress()));
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
        return added ? held && n.Permanent && n.Mac is not null && mac == MacKey.Of(n.Mac) : !held;
    }
}
