namespace VxMesh.Agent.Metrics;

/// <summary>
/// A fixed-bucket histogram (Prometheus semantics: a value lands in the first bucket whose upper bound
/// is ≥ it; values above the last bound count only towards +Inf). Thread-safe; observing is a lock and
/// two additions, so the agent loop can record every pass.
/// </summary>
public sealed class Histogram(IReadOnlyList<double> bounds)
{
    private readonly Lock gate = new();
    private readonly long[] counts = new long[bounds.Count];
    private long count;
    private double sum;

    public void Observe(double value)
    {
        lock (gate)
        {
            for (var i = 0; i < bounds.Count; i++)
            {
                if (value <= bounds[i])
                {
                    counts[i]++;
                    break;
                }
            }
            count++;
            sum += value;
        }
    }

    public HistogramSnapshot Snapshot()
    {
        lock (gate)
        {
            return new HistogramSnapshot(bounds, [.. counts], count, sum);
        }
    }
}

/// <param name="Counts">Per bucket, not cumulative (the writer accumulates).</param>
public sealed record HistogramSnapshot(IReadOnlyList<double> Bounds, IReadOnlyList<long> Counts, long Count, double Sum);
