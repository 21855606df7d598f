using VxMesh.Core.Loading;
using YamlDotNet.RepresentationModel;

namespace VxMesh.Lab.Topology;

/// <summary>
/// Collects lab problems in the inventory's own format (file:line:col: key: problem (fix: ...)),
/// so one report lists the inventory's and the lab's problems alike.
/// </summary>
internal sealed class LabProblems(string file)
{
    private readonly List<InventoryProblem> problems = [];

    public int Count => problems.Count;

    public void Add(YamlNode? at, string key, string problem, string fix) =>
        problems.Add(new InventoryProblem(file, Line(at), Column(at), key, problem, fix));

    public void Add(LabPos at, string key, string problem, string fix) =>
        problems.Add(new InventoryProblem(file, at.Line, at.Column, key, problem, fix));

    public IReadOnlyList<InventoryProblem> Sorted() => problems.OrderBy(p => p.Line).ThenBy(p => p.Column).ToArray();

    private static int Line(YamlNode? node) => node is null ? 0 : checked((int)node.Start.Line);

    private static int Column(YamlNode? node) => node is null ? 0 : checked((int)node.Start.Column);
}

/// <summary>A 1-based position in the topology file; (0, 0) when unknown.</summary>
internal readonly record struct LabPos(int Line, int Column)
{
    public static LabPos Of(YamlNode? node) =>
        node is null ? default : new(checked((int)node.Start.Line), checked((int)node.Start.Column));
}
