namespace VxMesh.Core.Loading;

/// <summary>Collects problems for one source; every stage reports here and keeps going.</summary>
internal sealed class ProblemSink(string file)
{
    private readonly List<InventoryProblem> problems = [];

    public int Count => problems.Count;

    public void Add(Pos at, string key, string problem, string fix) =>
        problems.Add(new InventoryProblem(file, at.Line, at.Column, key, problem, fix));

    public void Add<T>(Located<T> at, string problem, string fix) => Add(at.Pos, at.Path, problem, fix);

    /// <summary>In document order, like a compiler; the sort is stable so same-position problems keep check order.</summary>
    public IReadOnlyList<InventoryProblem> Sorted() =>
        problems.OrderBy(p => p.Line).ThenBy(p => p.Column).ToArray();
}
