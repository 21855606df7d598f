namespace VxMesh.Agent.Reconcile.Tables;

/// <summary>
/// One kernel table as the reconciler knows it, after Calico felix's deltatracker: what we want
/// (desired), what the kernel holds as far as we know (dataplane), and the keys where the two
/// differ (pending). Every operation touches one key, so a peer joining costs a few dictionary
/// operations whatever the size of the mesh; only a resync (a fresh dataplane view) or a
/// wholesale new plan (a fresh desired view) walk everything.
/// <para>
/// A key is pending when it is desired with a value the dataplane does not hold (an upsert) or
/// held but not desired (a delete). Failed keys stay pending with their own backoff
/// (<see cref="RetrySchedule{TKey}"/>); the rest of the table stays valid and converges.
/// </para>
/// </summary>
internal sealed class DeltaTracker<TKey, TValue>
    where TKey : struct, IEquatable<TKey>
{
    private readonly IEqualityComparer<TValue> values;
    private Dictionary<TKey, TValue> desired = [];
    private Dictionary<TKey, TValue> dataplane = [];
    private readonly HashSet<TKey> pending = [];

    public DeltaTracker(IEqualityComparer<TValue>? values = null) => this.values = values ?? EqualityComparer<TValue>.Default;

    public RetrySchedule<TKey> Retries { get; } = new();

    public IReadOnlyDictionary<TKey, TValue> Desired => desired;

    public IReadOnlyDictionary<TKey, TValue> Dataplane => dataplane;

    /// <summary>Keys whose desired and dataplane values differ, in no particular order.</summary>
    public IReadOnlySet<TKey> Pending => pending;

    public void SetDesired(TKey key, TValue value)
    {
        desired[key] = value;
        Reevaluate(key);
    }

    public void RemoveDesired(TKey key)
    {
        if (desired.Remove(key))
        {
            Reevaluate(key);
        }
    }

    /// <summary>A whole new desired view (a full plan): O(n), and only keys that differ become pending.</summary>
    public void ReplaceDesired(Dictionary<TKey, TValue> next)
    {
        var previous = desired;
        desired = next;
        foreach (var key in previous.Keys)
        {
            if (!next.ContainsKey(key))
            {
                Reevaluate(key);
            }
        }
        foreach (var key in next.Keys)
        {
            Reevaluate(key);
        }
    }

    /// <summary>The kernel now holds <paramref name="value"/> at <paramref name="key"/> (an op succeeded, or a notification said so).</summary>
    public void SetDataplane(TKey key, TValue value)
    {
        dataplane[key] = value;
        Reevaluate(key);
    }

    public void RemoveDataplane(TKey key)
    {
        if (dataplane.Remove(key))
        {
            Reevaluate(key);
        }
    }

    /// <summary>A fresh observation of the kernel (a resync): every key is compared again.</summary>
    public void ReplaceDataplane(Dictionary<TKey, TValue> observed)
    {
        var previous = dataplane;
        dataplane = observed;
        pending.Clear();
        foreach (var key in desired.Keys)
        {
            Reevaluate(key);
        }
        foreach (var key in observed.Keys)
        {
            if (!desired.ContainsKey(key))
            {
                pending.Add(key);
            }
        }
        Retries.KeepOnly(pending);
        previous.Clear();
    }

    /// <summary>Whether <paramref name="key"/> is in sync; keeps the pending set and the retry schedule consistent.</summary>
    private void Reevaluate(TKey key)
    {
        var wanted = desired.TryGetValue(key, out var want);
        var held = dataplane.TryGetValue(key, out var have);
        if (wanted ? held && values.Equals(want, have) : !held)
        {
            pending.Remove(key);
            Retries.Clear(key);
        }
        else
        {
            pending.Add(key);
        }
    }
}
