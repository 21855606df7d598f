namespace VxMesh.Agent.Runtime;

/// <summary>
/// What the agent's health endpoints answer from, kept by the loop: whether the loop still turns
/// (its last wake-up), whether a pass has converged since start, and when the registry last gave
/// a usable view. Thread-safe: the loop writes, the health server reads.
/// </summary>
public sealed class AgentHealth(TimeProvider? time = null)
{
    private readonly TimeProvider clock = time ?? TimeProvider.System;
    private long lastTurnTicks = -1;
    private long lastUsableTicks = -1;
    private long firstConvergedTicks = -1;
    private IReadOnlyList<string> conflicts = [];

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>When the loop last started a pass or went to wait.</summary>
    public DateTimeOffset? LastTurn => Read(ref lastTurnTicks);

    /// <summary>When the registry last gave a view that could be used.</summary>
    public DateTimeOffset? LastUsableView => Read(ref lastUsableTicks);

    /// <summary>When the first pass converged (every planned entry in the kernel); null until then.</summary>
    public DateTimeOffset? FirstConverged => Read(ref firstConvergedTicks);

    public void Turned() => Interlocked.Exchange(ref lastTurnTicks, clock.GetUtcNow().UtcTicks);

    public void ViewUsable() => Interlocked.Exchange(ref lastUsableTicks, clock.GetUtcNow().UtcTicks);

    /// <summary>
    /// What the last pass could not program because someone else's route, neighbour or FDB entry holds the key
    /// (at most <see cref="ConflictsShown"/>, then a count of the rest); empty when none.
    /// </summary>
    public IReadOnlyList<string> Conflicts => Volatile.Read(ref conflicts);

    public const int ConflictsShown = 20;

    public void SetConflicts(IReadOnlyList<string> all) =>
        Volatile.Write(ref conflicts, all.Count <= ConflictsShown ? all : [.. all.Take(ConflictsShown), $"… and {all.Count - ConflictsShown} more"]);

    public void Converged() => Interlocked.CompareExchange(ref firstConvergedTicks, clock.GetUtcNow().UtcTicks, -1);

    /// <summary>Live: the loop turned within <paramref name="within"/> (it wakes at least every resync interval).</summary>
    public bool Live(TimeSpan within) => LastTurn is { } t && Now - t <= within;

    /// <summary>Ready: converged once, and the registry's view is fresh (usable within <paramref name="fresh"/>).</summary>
    public bool Ready(TimeSpan fresh) => FirstConverged is not null && LastUsableView is { } v && Now - v <= fresh;

    private static DateTimeOffset? Read(ref long ticks) =>
        Interlocked.Read(ref ticks) is var t and >= 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;
}
