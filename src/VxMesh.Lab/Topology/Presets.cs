using System.Reflection;

namespace VxMesh.Lab.Topology;

/// <summary>
/// Topologies built into the binary, so `lab up --preset seed` works from any directory. The
/// text is examples/lab-seed.yaml itself, embedded at build time: one source, no copy to drift.
/// </summary>
public static class Presets
{
    public static IReadOnlyList<string> Names { get; } = ["seed"];

    public static bool Exists(string name) => Names.Contains(name, StringComparer.Ordinal);

    public static string Text(string name)
    {
        if (!Exists(name))
        {
            throw new ArgumentException($"no preset '{name}'; presets: {string.Join(", ", Names)}", nameof(name));
        }
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"VxMesh.Lab.Presets.{name}.yaml")
            ?? throw new InvalidOperationException($"preset {name} is missing from the assembly (build problem)");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
