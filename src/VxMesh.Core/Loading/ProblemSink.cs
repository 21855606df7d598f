namespace VxMesh.Core.Loading;

/// <summary>
/// Collects problems for one source; every stage reports here and keeps going. Each text is cut
/// to <see cref="MaxTextChars"/>: messages quote values, and a value can be kilobytes long.
/// </summary>
internal sealed class ProblemSink(string file)
{
    public const int MaxTextChars = 500;

    private readonly List<InventoryProblem> problems = [];

    public int Count => problems.Count;

    public void Add(Pos at, string key, string problem, string fix) =>
        problems.Add(new InventoryProblem(file, at.Line, at.Column, MessageText.Cut(key, MaxTextChars),
            MessageText.Cut(problem, MaxTextChars), MessageText.Cut(fix, MaxTextChars)));

    public void Add<T>(Located<T> at, string problem, string fix) => Add(at.Pos, at.Path, problem, fix);

    /// <summary>In document order, like a compiler; the sort is stable so same-position problems keep check order.</summary>
    public IReadOnlyList<InventoryProblem> Sorted() =>
        problems.OrderBy(p => p.Line).ThenBy(p => p.Column).ToArray();
}
