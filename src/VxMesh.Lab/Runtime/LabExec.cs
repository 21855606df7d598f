using System.Diagnostics;

namespace VxMesh.Lab.Runtime;

/// <summary>
/// Runs a command inside a lab namespace with the terminal's stdin, stdout and stderr, and
/// hands back its exit code. Bounded like every lab wait; the bound is the caller's.
/// </summary>
public static class LabExec
{
    public static async Task<int> RunAsync(string ns, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancel)
    {
        var info = new ProcessStartInfo("ip") { UseShellExecute = false };
        foreach (var arg in Netns.Exec(ns, command))
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info) ?? throw new LabException("cannot start ip netns exec");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancel.ThrowIfCancellationRequested();
            throw new LabException($"'{string.Join(' ', command)}' in {ns} did not finish within {timeout.TotalSeconds:0} s and was stopped (raise --timeout)");
        }
        return process.ExitCode;
    }
}
