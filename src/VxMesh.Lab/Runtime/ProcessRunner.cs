using System.Diagnostics;

namespace VxMesh.Lab.Runtime;

public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)
{
    public bool Ok => ExitCode == 0;
}

/// <summary>
/// Runs a program with an argument list (never a shell string: names and addresses reach the
/// kernel exactly as given), feeds stdin, and bounds the wait. A timeout kills the process
/// tree and says which command and how long; cancellation kills it too.
/// </summary>
public static class ProcessRunner
{
    public static async Task<ProcessResult> RunAsync(
        string program, IReadOnlyList<string> args, TimeSpan timeout, CancellationToken cancel, string? stdin = null)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        var clock = Stopwatch.StartNew();
        using var process = StartOrExplain(info);
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(timeout);
        try
        {
            await FeedAsync(process, stdin, deadline.Token);
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancel.ThrowIfCancellationRequested();
            throw new LabException($"'{Describe(program, args)}' did not finish within {timeout.TotalSeconds:0.#} s and was stopped");
        }
        return new ProcessResult(process.ExitCode, await stdout, await stderr, clock.Elapsed);
    }

    private static async Task FeedAsync(Process process, string? stdin, CancellationToken cancel)
    {
        try
        {
            if (stdin is not null)
            {
                await process.StandardInput.WriteAsync(stdin.AsMemory(), cancel);
            }
        }
        catch (IOException)
        {
            // The program exited without reading all of its input; its exit code says why.
        }
        finally
        {
            process.StandardInput.Close();
        }
    }

    /// <summary>Like <see cref="RunAsync"/>, but a non-zero exit is a <see cref="LabException"/> naming <paramref name="what"/>.</summary>
    public static async Task<ProcessResult> RunCheckedAsync(
        string what, string program, IReadOnlyList<string> args, TimeSpan timeout, CancellationToken cancel, string? stdin = null)
    {
        var result = await RunAsync(program, args, timeout, cancel, stdin);
        if (!result.Ok)
        {
            var detail = (result.Stderr.Trim() + " " + result.Stdout.Trim()).Trim();
            throw new LabException($"{what} failed: '{Describe(program, args)}' exited {result.ExitCode}: {detail}");
        }
        return result;
    }

    public static string Describe(string program, IEnumerable<string> args) =>
        string.Join(' ', new[] { program }.Concat(args).Select(a => a.Contains(' ') ? $"'{a}'" : a));

    private static Process StartOrExplain(ProcessStartInfo info)
    {
        try
        {
            return Process.Start(info) ?? throw new LabException($"cannot start {info.FileName}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new LabException($"cannot start {info.FileName}: {e.Message} (is it installed? ./vxmesh installs the lab's packages)");
        }
    }
}
