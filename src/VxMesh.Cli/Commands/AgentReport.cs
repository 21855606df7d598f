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
        return report.Converged ? ExitCodes.Ok : ExitCodes.Failure;
    }
}
