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
        return report.Converged ? ExitCodes.Ok : ExitCodes.Failure;
    }
}
