using VxMesh.Agent.Dataplane;

namespace VxMesh.Agent.Reconcile;

/// <summary>What one reconcile did: every op it attempted with its outcome, and what is still pending.</summary>
public sealed record ReconcileReport(IReadOnlyList<OpResult> Results, TimeSpan Elapsed)
{
    public int Changes => Results.Count(r => r.Ok);

    public IReadOnlyList<OpResult> Failures => Results.Where(r => !r.Ok).ToList();

    /// <summary>Items that still differ from the plan after this pass (failed ones, and those waiting for their retry).</summary>
    public int Pending { get; init; }

    /// <summary>When the earliest waiting item may be retried; null when none waits.</summary>
    public DateTimeOffset? NextRetry { get; init; }

    /// <summary>Pod blocks not programmed because someone else's route (another protocol) holds the same key: never overwritten.</summary>
    public IReadOnlyList<System.Net.IPNetwork> RouteConflicts { get; init; } = [];

    /// <summary>Neighbour and FDB entries of peers not programmed because someone else's static entry holds the key: never overwritten.</summary>
    public IReadOnlyList<EntryConflict> EntryConflicts { get; init; } = [];

    /// <summary>True when this pass read the kernel afresh (start, resync, device or address change).</summary>
    public bool Resynced { get; init; }

    /// <summary>True when the kernel now matches the plan: every op succeeded and nothing is left pending.</summary>
    public bool Converged => Pending == 0 && Results.All(r => r.Ok);

    /// <summary>Ops per kind for the pass's one summary line ("ReplaceRoute 3, DeleteNeighbor 1"), formatted only when logged.</summary>
    public OpKinds Kinds => new(Results);
}

/// <summary>Someone else's entry at a key the plan wants, holding another value.</summary>
/// <param name="Table">"neighbor" or "fdb".</param>
/// <param name="Key">The kernel's key: "198.19.0.3 dev vxmesh", "02:… dev vxmesh".</param>
/// <param name="Theirs">What their entry holds ("lladdr …", "dst …").</param>
/// <param name="Wanted">What the plan wants there.</param>
public sealed record EntryConflict(string Table, string Key, string Theirs, string Wanted)
{
    public override string ToString() => $"{Table} {Key}: theirs {Theirs}, plan {Wanted}";
}

/// <summary>Counts of ops per kind; its text is built when a log line needs it, not before.</summary>
public sealed class OpKinds(IReadOnlyList<OpResult> results)
{
    public override string ToString() =>
        results.Count == 0
            ? "nothing to do"
            : string.Join(", ", results.GroupBy(r => r.Op.GetType().Name).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => $"{g.Key} {g.Count(r => r.Ok)}{(g.Any(r => !r.Ok) ? $" ({g.Count(r => !r.Ok)} failed)" : "")}"));
}
