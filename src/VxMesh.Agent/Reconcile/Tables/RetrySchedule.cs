namespace VxMesh.Agent.Reconcile.Tables;

/// <summary>
/// Per-item backoff: a key whose op failed is not retried before its time comes, and each failure
/// in a row doubles the wait up to the cap. The other pending keys are not held back by it, so a
/// route the kernel keeps refusing does not stop the next peer from being programmed — and does not
/// hammer the kernel on every pass either. A key that converges (by any path) is forgotten.
/// </summary>
internal sealed class RetrySchedule<TKey>
    where TKey : struct, IEquatable<TKey>
{
    private readonly Dictionary<TKey, (int Failures, DateTimeOffset NotBefore)> waiting = [];

    public int Count => waiting.Count;

    public bool IsDue(TKey key, DateTimeOffset now) => !waiting.TryGetValue(key, out var w) || w.NotBefore <= now;

    public void Failed(TKey key, DateTimeOffset now, RetryPolicy policy)
    {
        var failures = waiting.TryGetValue(key, out var w) ? w.Failures + 1 : 1;
        waiting[key] = (failures, now + policy.Delay(failures));
    }

    public void Clear(TKey key) => waiting.Remove(key);

    /// <summary>The earliest time a waiting key may be tried again; null when none waits.</summary>
    public DateTimeOffset? Earliest()
    {
        DateTimeOffset? earliest = null;
        foreach (var (_, w) in waiting)
        {
            if (earliest is null || w.NotBefore < earliest)
            {
                earliest = w.NotBefore;
            }
        }
        return earliest;
    }

    /// <summary>Drops schedules of keys that are no longer pending (after a resync).</summary>
    public void KeepOnly(IReadOnlySet<TKey> pending)
    {
        if (waiting.Count == 0)
        {
            return;
        }
        foreach (var key in waiting.Keys.Where(k => !pending.Contains(k)).ToList())
        {
            waiting.Remove(key);
        }
    }
}

/// <summary>Capped doubling: the first retry after <see cref="Min"/>, then 2×, 4×… up to <see cref="Max"/>.</summary>
public sealed record RetryPolicy(TimeSpan Min, TimeSpan Max)
{
    public static RetryPolicy Default { get; } = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30));

    public TimeSpan Delay(int failures)
    {
        var ticks = Min.Ticks;
        for (var i = 1; i < failures && ticks < Max.Ticks; i++)
        {
            ticks *= 2;
        }
        return TimeSpan.FromTicks(Math.Min(ticks, Max.Ticks));
    }
}
