using System.Net;
using VxMesh.Agent.Dataplane;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;

namespace VxMesh.Agent.Reconcile.Tables;

/// <summary>
/// The ingress filter's inner side: the interval sets of sources the mesh device may decapsulate,
/// keyed by prefix. The planner decides what is allowed (<see cref="InnerSources"/>); this table only
/// counts what each peer contributes, so a peer's change moves its own prefixes, and normalises the
/// union (interval sets refuse a prefix inside another) when something changed. A change is one
/// `nft -f` transaction, removals first; a failed one means the view may be wrong, so the table is
/// read again before the next pass.
/// </summary>
internal sealed class InnerSourceTable
{
    private readonly DeltaTracker<IPNetwork, byte> tracker = new();
    private readonly Dictionary<IPNetwork, int> contributions = [];
    private ValueList<IPNetwork> ranges = ValueList<IPNetwork>.Empty;
    private bool dirty;

    public DeltaTracker<IPNetwork, byte> Tracker => tracker;

    public bool NeedsObserve { get; private set; }

    public void WantAll(IngressFilter filter, IEnumerable<PeerPlan> peers)
    {
        ranges = filter.InnerRanges;
        contributions.Clear();
        foreach (var prefix in peers.SelectMany(InnerSources.Of))
        {
            contributions[prefix] = contributions.GetValueOrDefault(prefix) + 1;
        }
        tracker.ReplaceDesired(filter.InnerSources.ToDictionary(p => p, _ => (byte)0));
        dirty = false;
    }

    public void SetRanges(ValueList<IPNetwork> shared)
    {
        if (!shared.Equals(ranges))
        {
            ranges = shared;
            dirty = true;
        }
    }

    public void Want(PeerPlan peer)
    {
        foreach (var prefix in InnerSources.Of(peer))
        {
            contributions[prefix] = contributions.GetValueOrDefault(prefix) + 1;
        }
        dirty = true;
    }

    public void Unwant(PeerPlan peer)
    {
        foreach (var prefix in InnerSources.Of(peer))
        {
            if (contributions.TryGetValue(prefix, out var count))
            {
                if (count > 1)
                {
                    contributions[prefix] = count - 1;
                }
                else
                {
                    contributions.Remove(prefix);
                }
            }
        }
        dirty = true;
    }

    public void Load(IngressFilter? observed)
    {
        NeedsObserve = false;
        tracker.ReplaceDataplane(observed is null ? [] : observed.InnerSources.ToDictionary(p => p, _ => (byte)0));
    }

    /// <summary>The union normalised again, O(n log n), only after a peer or the shared ranges changed.</summary>
    private DeltaTracker<IPNetwork, byte> Normalized()
    {
        if (dirty)
        {
            tracker.ReplaceDesired(InnerSources.Normalize(ranges.Concat(contributions.Keys)).ToDictionary(p => p, _ => (byte)0));
            dirty = false;
        }
        return tracker;
    }

    public bool IsPending => Normalized().Pending.Count > 0;

    /// <summary>The desired set as the kernel should hold it (for a whole-table replace).</summary>
    public ValueList<IPNetwork> Sorted() => Sort(Normalized().Desired.Keys);

    public void Collect(DateTimeOffset now, OpBatch batch)
    {
        var t = Normalized();
        var added = new List<IPNetwork>();
        var gone = new List<IPNetwork>();
        foreach (var key in t.Pending)
        {
            if (t.Retries.IsDue(default, now))
            {
                (t.Desired.ContainsKey(key) ? added : gone).Add(key);
            }
        }
        if (added.Count > 0 || gone.Count > 0)
        {
            batch.Upserts.Insert(0, new ChangeInnerSources(Sort(gone), Sort(added)));
        }
    }

    public void Record(ChangeInnerSources change, bool ok, DateTimeOffset now, RetryPolicy policy)
    {
        if (!ok)
        {
            tracker.Retries.Failed(default, now, policy);
            NeedsObserve = true;
            return;
        }
        tracker.Retries.Clear(default);
        foreach (var prefix in change.Removed)
        {
            tracker.RemoveDataplane(prefix);
        }
        foreach (var prefix in change.Added)
        {
            tracker.SetDataplane(prefix, 0);
        }
    }

    private static ValueList<IPNetwork> Sort(IEnumerable<IPNetwork> prefixes) => prefixes.OrderBy(AddressOrder.Key).ToValueList();
}
