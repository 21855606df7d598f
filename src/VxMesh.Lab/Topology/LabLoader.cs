using VxMesh.Core.Loading;

using VxMesh.Core.Model;

namespace VxMesh.Lab.Topology;

/// <summary>The outcome of loading a lab topology; <see cref="Topology"/> is set only when there are no problems.</summary>
public sealed record LabLoadResult(LabTopology? Topology, IReadOnlyList<InventoryProblem> Problems)
{
    public bool Ok => Topology is not null && Problems.Count == 0;
}

/// <summary>
/// Reads a lab topology: the inventory through the inventory loader (its problems as they are),
/// then the <c>lab:</c> section and the rules relating the two. Every problem in one pass;
/// nothing is built from a topology with any.
/// </summary>
public static class LabLoader
{
    public static LabLoadResult LoadFile(string path, string name)
    {
        var text = InputText.Read(path, "topology", InputLimits.Default, out var problem);
        return text is null ? new LabLoadResult(null, [problem!]) : Parse(text, path, name);
    }

    /// <summary>A built-in topology (<see cref="Presets"/>), under <paramref name="name"/>.</summary>
    public static LabLoadResult LoadPreset(string preset, string name) =>
        Parse(Presets.Text(preset), $"preset:{preset}", name);

    public static LabLoadResult Parse(string text, string source, string name)
    {
        var problems = new LabProblems(source);
        if (LabName.Problem(name) is { } nameProblem)
        {
            problems.Add(default(LabPos), "(lab name)", nameProblem, "pass --name with a valid name");
        }
        var loaded = InventoryLoader.Parse(text, source);
        if (loaded.Lab is null)
        {
            if (loaded.Problems.Count == 0)
            {
                problems.Add(new LabPos(1, 1), "lab", "this inventory has no lab: section, so the lab does not know the underlay",
                    "add lab: {segments: [{name: dc1, cidr: 198.18.1.0/24}]} (see examples/lab-seed.yaml)");
            }
            return Failed(loaded.Problems, problems);
        }
        var draft = LabSectionReader.Read(loaded.Lab, problems);
        if (!loaded.Ok)
        {
            return Failed(loaded.Problems, problems);
        }
        // Relating the lab to the inventory needs a valid inventory, not a perfect lab section:
        // a misspelt key and a node outside every segment are reported in the same run.
        new LabChecks(loaded.Inventory!, draft, YamlLocator.Parse(text), problems).Run();
        if (problems.Count > 0)
        {
            return Failed([], problems);
        }
        var settings = new LabSettings(draft.Segments.Select(s => s.Segment).ToValueList(), draft.PodsPerNode, draft.Ippools, draft.Kubernetes);
        return new LabLoadResult(new LabTopology(name, loaded.Inventory!, settings, text), []);
    }

    private static LabLoadResult Failed(IReadOnlyList<InventoryProblem> inventory, LabProblems lab) =>
        new(null, inventory.Concat(lab.Sorted()).OrderBy(p => p.Line).ThenBy(p => p.Column).ToArray());
}
