using System.CommandLine;
using VxMesh.Cli.Common;
using VxMesh.Lab.Runtime;
using VxMesh.Lab.Topology;

namespace VxMesh.Cli.Commands;

/// <summary>What the lab verbs share: the --name option, loading a topology, finding a running lab.</summary>
internal static class LabInput
{
    public const string DefaultLab = "seed";

    public static Option<string?> NameOption(string description) => new("--name")
    {
        Description = description,
    };

    /// <summary>A valid lab name, or a usage error saying what a name may be.</summary>
    public static string RequireName(string? name)
    {
        var lab = name ?? DefaultLab;
        return LabName.Problem(lab) is { } problem ? throw new UsageException(problem) : lab;
    }

    /// <summary>The topology from -f or --preset; null after reporting its problems (the caller exits 2).</summary>
    public static LabTopology? LoadTopology(FileInfo? file, string? preset, string? name)
    {
        if ((file is null) == (preset is null))
        {
            throw new UsageException("give the topology either as -f FILE or as --preset " + string.Join("|", Presets.Names));
        }
        if (preset is not null && !Presets.Exists(preset))
        {
            throw new UsageException($"no preset '{preset}'; presets: {string.Join(", ", Presets.Names)}");
        }
        var lab = name ?? (preset ?? LabName.FromFile(file!.FullName));
        if (LabName.Problem(lab) is { } problem)
        {
            throw new UsageException(problem);
        }
        var result = preset is not null ? LabLoader.LoadPreset(preset, lab) : LabLoader.LoadFile(file!.ToString(), lab);
        if (!result.Ok)
        {
            InventoryInput.Report(preset is not null ? $"preset {preset}" : file!.ToString(), result.Problems);
            return null;
        }
        return result.Topology;
    }

    /// <summary>A running lab's state, or a usage error naming the labs that exist.</summary>
    public static LabState RequireState(string lab)
    {
        if (LabState.Load(LabPaths.For(lab)) is { } state)
        {
            return state;
        }
        var existing = LabDown.AllLabs();
        throw new UsageException($"lab '{lab}' is not up (no {LabPaths.For(lab).State}); " +
            (existing.Count == 0 ? "no lab is; start one with `vxmesh lab up --preset seed`" : $"labs present: {string.Join(", ", existing)}"));
    }

    /// <summary>Runs a lab operation: its refusals (unknown lab or node, bad request) exit 2, its runtime failures exit 1, each with one message.</summary>
    public static async Task<int> RunAsync(Func<Task<int>> operation)
    {
        try
        {
            return await operation();
        }
        catch (LabInputException e)
        {
            await Console.Error.WriteLineAsync($"vxmesh: {e.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (LabException e)
        {
            await Console.Error.WriteLineAsync($"vxmesh: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("vxmesh: interrupted");
            return ExitCodes.Failure;
        }
    }
}
