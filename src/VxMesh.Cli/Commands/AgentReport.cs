using VxMesh.Agent.Reconcile;
using VxMesh.Cli.Common;

namespace VxMesh.Cli.Commands;

/// <summary>The one-line result of `agent --once` / `--uninstall`, and its exit code.</summary>
public static class AgentReport
{
    public static int Summarize(ReconcileReport report, string node, string what)
    {
        var state = report.Converged ? "converged" : $"{report.Failures.Count} failed";
        Console.WriteLine($"{what} {node}: {report.Changes} changes, {state} ({report.Elapsed.TotalMilliseconds:F1} ms)");
        if (report.RouteConflicts.Count > 0)
        {
            Console.WriteLine($"conflict: {report.RouteConflicts.Count} pod blocks not programmed, someone else's route holds them (never overwritten): {string.Join(", ", report.RouteConflicts)}");
        }
        if (report.EntryConflicts.Count > 0)
        {
            Console.WriteLine($"conflict: {report.EntryConflicts.Count} neighbour/FDB entries not programmed, someone else's static entry holds them (never overwritten):");
            report.EntryConflicts.Take(20).ToList().ForEach(c => Console.WriteLine($"  {c}"));
            if (report.EntryConflicts.Count > 20)
            {
                Console.WriteLine($"  … and {report.EntryConflicts.Count - 20} more");
            }
        }
        return report.Converged ? ExitCodes.Ok : ExitCodes.Failure;
    }
}
