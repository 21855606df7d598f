using VxMesh.Agent.Dataplane;

namespace VxMesh.Agent.Reconcile;

/// <summary>What one reconcile did: every op it attempted with its outcome.</summary>
public sealed record ReconcileReport(IReadOnlyList<OpResult> Results, TimeSpan Elapsed)
{
    public int Changes => Results.Count(r => r.Ok);

    public IReadOnlyList<OpResult> Failures => Results.Where(r => !r.Ok).ToList();

    /// <summary>True when the kernel now matches the plan (every op succeeded, or there was nothing to do).</summary>
    public bool Converged => Results.All(r => r.Ok);
}
