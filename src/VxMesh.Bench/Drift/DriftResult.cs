namespace VxMesh.Bench.Drift;

/// <summary>`bench drift`: how fast the agent puts owned state back after foreign changes.</summary>
/// <param name="Late">Tamperings not repaired within one second.</param>
/// <param name="ForeignUntouched">The foreign route on our device and the one elsewhere both survived every pass.</param>
public sealed record DriftResult(
    int Tamperings,
    int Peers,
    int Seed,
    double MedianMs,
    double P99Ms,
    double MaxMs,
    int Late,
    bool ForeignUntouched,
    IReadOnlyDictionary<string, int> ByKind);
