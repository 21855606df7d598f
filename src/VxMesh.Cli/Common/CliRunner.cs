using System.CommandLine;

namespace VxMesh.Cli.Common;

/// <summary>Parses, maps flag errors to exit 2 (System.CommandLine would say 1), and invokes.</summary>
public static class CliRunner
{
    /// <summary>" lab node add" for a nested verb; "" for the root.</summary>
    private static string VerbPath(System.CommandLine.Parsing.CommandResult? result)
    {
        var names = new List<string>();
        for (var r = result; r?.Parent is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, r.Command.Name);
        }
        return names.Count == 0 ? "" : " " + string.Join(' ', names);
    }

    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        InheritedDescriptors.KeepFromChildren();
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await Console.Error.WriteLineAsync($"vxmesh: {error.Message}");
            }
            await Console.Error.WriteLineAsync($"Run 'vxmesh{VerbPath(parsed.CommandResult)} --help' for usage.");
            return ExitCodes.InvalidInput;
        }
        try
        {
            // Our own handler below maps exceptions to the exit-code contract.
            return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync($"vxmesh: {e.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (VxMesh.Core.Planning.PlanningException e)
        {
            // The inventory cannot be planned for this node: an input problem, found before anything was applied.
            await Console.Error.WriteLineAsync($"vxmesh: {e.Message}; nothing was applied");
            return ExitCodes.InvalidInput;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("vxmesh: interrupted");
            return ExitCodes.Failure;
        }
        catch (Exception e)
        {
            // A runtime failure (kernel refused, process died): one clear line; the stack only on request.
            await Console.Error.WriteLineAsync($"vxmesh: {e.Message}");
            if (Environment.GetEnvironmentVariable("VXMESH_DEBUG") is "1")
            {
                await Console.Error.WriteLineAsync(e.ToString());
            }
            return ExitCodes.Failure;
        }
    }
}

/// <summary>Thrown by verbs for input problems the parser cannot see (an unknown node name, say): exit 2.</summary>
public sealed class UsageException(string message) : Exception(message);
