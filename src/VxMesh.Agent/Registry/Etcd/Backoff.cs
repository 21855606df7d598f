namespace VxMesh.Agent.Registry.Etcd;

/// <summary>Capped exponential backoff (200 ms → 5 s by default): quick after a blip, quiet during a long outage.</summary>
public sealed class Backoff
{
    private TimeSpan next;

    public Backoff(TimeSpan min, TimeSpan max)
    {
        Min = min;
        Max = max;
        next = min;
    }

    public TimeSpan Min { get; }

    public TimeSpan Max { get; }

    /// <summary>The delay to wait now; the one after it doubles, up to the cap.</summary>
    public TimeSpan Next()
    {
        var delay = next;
        next = TimeSpan.FromTicks(Math.Min(next.Ticks * 2, Max.Ticks));
        return delay;
    }

    public void Reset() => next = Min;
}
