using VxMesh.Agent.Dataplane;
using VxMesh.Core.Planning;

namespace VxMesh.Agent.Reconcile.Tables;

/// <summary>
/// The kernel settings the plan needs (the multipath hash policy), keyed by their place in
/// <see cref="OwnedSysctls.Names"/>. Only settings the plan names are written; one it no longer names is
/// left as it is (a node-wide setting may be someone else's too), and so is every one on uninstall.
/// Settings send no notifications: drift is found by the next resync.
/// </summary>
internal sealed class SysctlTable
{
    private readonly DeltaTracker<int, string> tracker = new();

    /// <summary>Every owned setting as last observed or written; the tracker's dataplane view holds only the wanted ones.</summary>
    private readonly Dictionary<int, string> seen = [];

    public DeltaTracker<int, string> Tracker => tracker;

    public void WantAll(IReadOnlyList<SysctlSetting> settings)
    {
        var next = new Dictionary<int, string>();
        foreach (var s in settings)
        {
            var index = Index(s.Name);
            if (index >= 0)
            {
                next[index] = s.Value;
            }
        }
        tracker.ReplaceDesired(next);
        foreach (var key in tracker.Dataplane.Keys.Where(k => !next.ContainsKey(k)).ToList())
        {
            tracker.RemoveDataplane(key);
        }
        foreach (var key in next.Keys.Where(k => !tracker.Dataplane.ContainsKey(k)))
        {
            if (seen.TryGetValue(key, out var value))
            {
                tracker.SetDataplane(key, value);
            }
        }
    }

    public void Load(ObservedState observed)
    {
        seen.Clear();
        foreach (var s in observed.Sysctls)
        {
            var index = Index(s.Name);
            if (index >= 0 && s.Value is not null)
            {
                seen[index] = s.Value;
            }
        }
        // What the plan does not name is not ours to change: the view holds only what is wanted.
        tracker.ReplaceDataplane(seen.Where(s => tracker.Desired.ContainsKey(s.Key)).ToDictionary());
    }

    public void CollectUpserts(DateTimeOffset now, OpBatch batch)
    {
        foreach (var index in tracker.Pending)
        {
            if (tracker.Retries.IsDue(index, now) && tracker.Desired.TryGetValue(index, out var value))
            {
                batch.Upserts.Add(new SetSysctl(OwnedSysctls.Names[index], value));
            }
        }
    }

    public void Record(OpResult result, DateTimeOffset now, RetryPolicy policy)
    {
        if (result.Op is SetSysctl s && Index(s.Name) is var index and >= 0)
        {
            if (result.Ok)
            {
                seen[index] = s.Value;
                tracker.SetDataplane(index, s.Value);
            }
            else
            {
                tracker.Retries.Failed(index, now, policy);
            }
        }
    }

    private static int Index(string name)
    {
        for (var i = 0; i < OwnedSysctls.Names.Count; i++)
        {
            if (OwnedSysctls.Names[i] == name)
            {
                return i;
            }
        }
        return -1;
    }
}
