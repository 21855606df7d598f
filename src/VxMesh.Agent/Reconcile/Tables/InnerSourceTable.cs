using System.Net;
using VxMesh.Agent.Dataplane;
using VxMesh.Core.Addressing;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;

namespace VxMesh.Agent.Reconcile.Tables;

/// <summary>
/// The ingress filter's inner side: the interval sets of sources the mesh device may decapsulate,
/// keyed by prefix. The planner decides what is allowed (<see cref="InnerSources"/>); this table only
/// counts what each peer contributes, so a peer's change moves its own prefixes, and keeps the union
/// normalised (interval sets refuse a prefix inside another) as it changes: a peer's prefix covered by
/// a shorter one costs a few lookups, not a sort of the whole set (which made every join at 10,000
/// peers cost ~1.5 ms); only new shared ranges re-normalise everything. A change is one
/// `nft -f` transaction, removals first; a failed one means the view may be wrong, so the table is
/// read again before the next pass.
/// </summary>
internal sealed class InnerSourceTable
{
    private readonly DeltaTracker<IPNetwork, byte> tracker = new();
    private readonly Dictionary<IPNetwork, int> contributions = [];
    private ValueList<IPNetwork> ranges = ValueList<IPNetwork>.Empty;
    private HashSet<IPNetwork>? rangeSet;
    private bool dirty;

    public DeltaTracker<IPNetwork, byte> Tracker => tracker;

    public bool NeedsObserve { get; private set; }

    public void WantAll(IngressFilter filter, IEnumerable<PeerPlan> peers)
    {
        ranges = filter.InnerRanges;
        rangeSet = null;
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
            rangeSet = null;
            dirty = true;
        }
    }

    /// <summary>A peer's prefixes join the set; the normalized view changes only where they are not covered already.</summary>
    public void Want(PeerPlan peer)
    {
        foreach (var prefix in InnerSources.Of(peer))
        {
            var count = contributions.GetValueOrDefault(prefix);
            contributions[prefix] = count + 1;
            if (count == 0 && !dirty && !Ranges.Contains(prefix))
            {
                Exposed(prefix);
            }
        }
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
                    if (!dirty && !Ranges.Contains(prefix))
                    {
                        Withdrawn(prefix);
                    }
                }
            }
        }
    }

    private HashSet<IPNetwork> Ranges => rangeSet ??= [.. ranges];

    private bool InSet(IPNetwork prefix) => contributions.ContainsKey(prefix) || Ranges.Contains(prefix);

    /// <summary>Whether a shorter prefix of the set covers <paramref name="prefix"/>: at most one lookup per shorter length.</summary>
    private bool Covered(IPNetwork prefix)
    {
        for (var length = prefix.PrefixLength - 1; length >= 0; length--)
        {
            if (InSet(IpMath.Canonical(prefix.BaseAddress, length)))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// A prefix new to the set: hidden when a shorter one covers it; otherwise it is wanted and hides what
    /// it covers (a walk of the set, only for a prefix wider than one address — rare: blocks sit inside
    /// their cluster's ranges, VTEP addresses are /32 and /128).
    /// </summary>
    private void Exposed(IPNetwork prefix)
    {
        if (Covered(prefix))
        {
            return;
        }
        tracker.SetDesired(prefix, 0);
        if (prefix.PrefixLength < IpMath.BitWidth(prefix.BaseAddress.AddressFamily))
        {
            foreach (var inside in tracker.Desired.Keys.Where(k => k != prefix && IpMath.Covers(prefix, k)).ToList())
            {
                tracker.RemoveDesired(inside);
            }
        }
    }

    /// <summary>A prefix gone from the set: when it was wanted, what it covered and nothing else covers comes back.</summary>
    private void Withdrawn(IPNetwork prefix)
    {
        if (!tracker.Desired.ContainsKey(prefix))
        {
            return;
        }
        tracker.RemoveDesired(prefix);
        if (prefix.PrefixLength < IpMath.BitWidth(prefix.BaseAddress.AddressFamily))
        {
            // Shorter prefixes first, so one that comes back hides the longer ones inside it.
            foreach (var inside in contributions.Keys.Concat(Ranges).Where(k => IpMath.Covers(prefix, k)).Distinct().OrderBy(k => k.PrefixLength).ToList())
            {
                if (!Covered(inside))
                {
                    tracker.SetDesired(inside, 0);
                }
            }
        }
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
