using VxMesh.Agent.Dataplane;
using VxMesh.Core.Planning;

namespace VxMesh.Agent.Reconcile.Tables;

/// <summary>
/// FDB entries on our VXLAN device, keyed by MAC as felix's vxlanfdb keys them; the value is the
/// peer's underlay address. The kernel allows several remotes per MAC on a VXLAN device and
/// `bridge fdb replace` rewrites only the first, so remotes beyond the one in the view are kept
/// aside and deleted once the replace has landed (a delete of a remote the replace already
/// rewrote answers "not found", which is success).
/// <para>
/// Ours are the entries with extern_learn (the mark is per MAC, not per remote). A static entry
/// without it is someone else's: never deleted; at a MAC we want it is adopted when its only remote is
/// the plan's — deleted and at once re-created with the mark (the driver sets the mark only on
/// creation), one batch, no other op between — and is a conflict otherwise: not overwritten.
/// </para>
/// </summary>
internal sealed class FdbTable
{
    private readonly DeltaTracker<MacKey, IpKey> tracker = new();
    private readonly Dictionary<MacKey, List<IpKey>> extras = [];
    private Dictionary<MacKey, List<IpKey>> foreign = [];

    public DeltaTracker<MacKey, IpKey> Tracker => tracker;

    public int ExtraRemotes => extras.Values.Sum(l => l.Count);

    public void Want(FdbEntry entry) => tracker.SetDesired(MacKey.Of(entry.Mac), IpKey.Of(entry.Destination));

    public void Unwant(FdbEntry entry)
    {
        var key = MacKey.Of(entry.Mac);
        if (tracker.Desired.TryGetValue(key, out var dst) && dst == IpKey.Of(entry.Destination))
        {
            tracker.RemoveDesired(key);
        }
    }

    public void WantAll(IEnumerable<FdbEntry> entries) =>
        tracker.ReplaceDesired(entries.ToDictionary(e => MacKey.Of(e.Mac), e => IpKey.Of(e.Destination)));

    public void Load(ObservedState observed)
    {
        extras.Clear();
        var view = new Dictionary<MacKey, IpKey>(observed.Fdb.Count);
        foreach (var f in observed.Fdb)
        {
            var mac = MacKey.Of(f.Mac);
            var dst = IpKey.Of(f.Destination);
            if (!view.TryGetValue(mac, out var first))
            {
                view[mac] = dst;
                continue;
            }
            // Keep the wanted remote in the view, so only the others need work.
            if (tracker.Desired.TryGetValue(mac, out var want) && want == dst)
            {
                view[mac] = dst;
                dst = first;
            }
            if (!extras.TryGetValue(mac, out var list))
            {
                extras[mac] = list = [];
            }
            list.Add(dst);
        }
        tracker.ReplaceDataplane(view);
        foreign = [];
        foreach (var f in observed.ForeignFdb)
        {
            var mac = MacKey.Of(f.Mac);
            if (!foreign.TryGetValue(mac, out var remotes))
            {
                foreign[mac] = remotes = [];
            }
            remotes.Add(IpKey.Of(f.Destination));
        }
    }

    /// <summary>Wanted MACs where someone else's entry holds other remotes: never overwritten.</summary>
    public IEnumerable<EntryConflict> Conflicts(string device) =>
        foreign.Where(f => IsConflict(f.Key)).Select(f => new EntryConflict(
            "fdb", $"{Core.Model.Mac.Format(f.Key.ToAddress())} dev {device}",
            string.Join(", ", f.Value.Select(d => $"dst {d}")), $"dst {tracker.Desired[f.Key]}"));

    public int ConflictCount => foreign.Count == 0 ? 0 : foreign.Keys.Count(IsConflict);

    private bool IsConflict(MacKey mac) => tracker.Desired.TryGetValue(mac, out var want) && !Adoptable(mac, want);

    /// <summary>Someone else's entry for the MAC is exactly what the plan wants: one remote, the plan's.</summary>
    private bool Adoptable(MacKey mac, IpKey want) => foreign[mac] is [var only] && only == want;

    public bool IsPending => tracker.Pending.Count > 0 || extras.Count > 0;

    public void Collect(string device, DateTimeOffset now, OpBatch batch)
    {
        foreach (var mac in tracker.Pending)
        {
            if (!tracker.Retries.IsDue(mac, now))
            {
                continue;
            }
            if (tracker.Desired.TryGetValue(mac, out var dst))
            {
                if (foreign.ContainsKey(mac))
                {
                    if (!Adoptable(mac, dst))
                    {
                        continue;
                    }
                    batch.Upserts.Add(new DeleteFdb(device, mac.ToAddress(), dst.ToAddress()));
                }
                batch.Upserts.Add(new ReplaceFdb(device, mac.ToAddress(), dst.ToAddress()));
            }
            else if (tracker.Dataplane.TryGetValue(mac, out var held))
            {
                batch.Deletes.Add(new DeleteFdb(device, mac.ToAddress(), held.ToAddress()));
            }
        }
        foreach (var (mac, remotes) in extras)
        {
            var wanted = tracker.Desired.ContainsKey(mac);
            foreach (var dst in remotes)
            {
                (wanted ? batch.Cleanups : batch.Deletes).Add(new DeleteFdb(device, mac.ToAddress(), dst.ToAddress()));
            }
        }
    }

    public void Record(OpResult result, DateTimeOffset now, RetryPolicy policy)
    {
        switch (result.Op)
        {
            case ReplaceFdb f when result.Ok:
                var mac = MacKey.Of(f.Mac);
                foreign.Remove(mac);
                if (extras.TryGetValue(mac, out var list) && tracker.Dataplane.TryGetValue(mac, out var before))
                {
                    // Which remote the replace rewrote is not known: delete the old one too.
                    list.Add(before);
                }
                tracker.SetDataplane(mac, IpKey.Of(f.Destination));
                break;
            case DeleteFdb f when result.Ok:
                Removed(MacKey.Of(f.Mac), IpKey.Of(f.Destination));
                break;
            case ReplaceFdb f:
                tracker.Retries.Failed(MacKey.Of(f.Mac), now, policy);
                break;
            case DeleteFdb f:
                tracker.Retries.Failed(MacKey.Of(f.Mac), now, policy);
                break;
        }
    }

    private void Removed(MacKey mac, IpKey dst)
    {
        if (foreign.TryGetValue(mac, out var theirs) && theirs.Remove(dst) && theirs.Count == 0)
        {
            foreign.Remove(mac);
        }
        if (extras.TryGetValue(mac, out var list))
        {
            list.Remove(dst);
            if (list.Count == 0)
            {
                extras.Remove(mac);
            }
        }
        if (tracker.Dataplane.TryGetValue(mac, out var held) && held == dst)
        {
            tracker.RemoveDataplane(mac);
        }
    }

    public bool Has(MacKey mac, IpKey dst) =>
        (tracker.Dataplane.TryGetValue(mac, out var held) && held == dst) || (extras.TryGetValue(mac, out var list) && list.Contains(dst));

    public bool Explains(FdbEntry f, bool added) => Has(MacKey.Of(f.Mac), IpKey.Of(f.Destination)) == added;

    /// <summary>Someone else's entry came or went: explained when the model already knows it so.</summary>
    public bool Explains(ForeignFdb f, bool added) =>
        (foreign.TryGetValue(MacKey.Of(f.Entry.Mac), out var theirs) && theirs.Contains(IpKey.Of(f.Entry.Destination))) == added;
}
