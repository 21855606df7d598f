namespace VxMesh.Core.Loading;

/// <summary>
/// One thing wrong with an inventory, located precisely enough for an editor to jump to it.
/// </summary>
/// <param name="File">The file (or source name) the text came from.</param>
/// <param name="Line">1-based line; 0 when the problem has no position (e.g. the file cannot be read).</param>
/// <param name="Column">1-based column; 0 when the problem has no position.</param>
/// <param name="Key">Path of the offending key, e.g. <c>clusters[1].nodes[0].vtepMac</c>, or <c>(document)</c>.</param>
/// <param name="Problem">What is wrong, with the offending value.</param>
/// <param name="Fix">A concrete change that makes the problem go away.</param>
public sealed record InventoryProblem(string File, int Line, int Column, string Key, string Problem, string Fix)
{
    /// <summary>The compiler-style form most editors and CI log viewers turn into a link.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}: {Key}: {Problem} (fix: {Fix})";
}
