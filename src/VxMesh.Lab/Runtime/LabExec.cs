using System.Diagnostics;

namespace VxMesh.Lab.Runtime;

/// <summary>
/// Runs a command inside a lab namespace with the terminal's stdin, stdout and stderr, and
/// hands back its exit code. Bounded like every lab wait; the bound is the caller's.
/// </summary>
public static class LabExec
{
    public static Task<int> RunAsync(string ns, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancel) =>
        RunLineAsync(["ip", .. Netns.Exec(ns, command)], ns, timeout, cancel);

    /// <summary>A full command line (it enters the namespace itself, e.g. nsenter into a pod's container), <paramref name="where"/> for messages.</summary>
    public static async Task<int> RunLineAsync(IReadOnlyList<string> line, string where, TimeSpan timeout, CancellationToken cancel)
    {
        var info = new ProcessStartInfo(line[0]) { UseShellExecute = false };
        foreach (var arg in line.Skip(1))
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info) ?? throw new LabException($"cannot start {line[0]}");
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
            throw new LabException($"'{string.Join(' ', line)}' in {where} did not finish within {timeout.TotalSeconds:0} s and was stopped (raise --timeout)");
        }
        return process.ExitCode;
    }
}
