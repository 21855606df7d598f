namespace VxMesh.Lab.Verify;

/// <summary>
/// When a verify run passes. Every pair must connect. The source address must be preserved
/// where the lab promises it: always inside a cluster (no CNI masquerades pod-to-pod), and
/// across clusters when the lab applies the ippools fix. With `ippools: false` a cross-cluster
/// pair that connects but arrives SNATed is expected and passes: that is the article's
/// problem before its IPPools, shown on purpose.
/// </summary>
public static class VerifyRules
{
    public static bool MustPreserveSource(PairResult pair, bool ippools) => !pair.CrossCluster || ippools;

    public static bool PairPasses(PairResult pair, bool ippools) =>
        pair.Ok && (pair.SourcePreserved || !MustPreserveSource(pair, ippools));

    public static bool Passes(IReadOnlyList<PairResult> pairs, bool ippools) => pairs.All(p => PairPasses(p, ippools));
}
