namespace VxMesh.Agent.Runtime;

/// <param name="Resync">Full observe-and-diff even when nothing announced a change (catches what events miss).</param>
/// <param name="RetryMin">First retry after a failed pass (or of a failed item); doubles up to <paramref name="RetryMax"/>.</param>
/// <param name="Debounce">Coalesces bursts of change signals (an editor's save, a flurry of netlink events).</param>
public sealed record AgentOptions(TimeSpan Resync, TimeSpan RetryMin, TimeSpan RetryMax, TimeSpan Debounce)
{
    /// <summary>The same doubling for single failed items (the reconciler's per-item backoff) as for failed passes.</summary>
    public Reconcile.Tables.RetryPolicy ItemRetry => new(RetryMin, RetryMax);

    public static AgentOptions Default { get; } =
        new(TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50));
}
