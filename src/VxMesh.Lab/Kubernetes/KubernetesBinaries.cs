using System.Diagnostics;
using VxMesh.Lab.Runtime;

namespace VxMesh.Lab.Kubernetes;

/// <summary>
/// The Kubernetes binaries the lab runs, built once per machine by scripts/kubernetes.sh from the
/// distribution's source package and cached outside the checkout. VXMESH_K8S_BIN points at an
/// existing directory of them instead.
/// </summary>
public sealed record KubernetesBinaries(string Directory)
{
    /// <summary>A cold build on 2 cores takes 10–20 minutes; this only bounds a wedged one.</summary>
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(90);

    public const string BinVariable = "VXMESH_K8S_BIN";

    /// <summary>The release scripts/kubernetes.sh builds: Debian bookworm's kubernetes source package.</summary>
    public const string Version = "1.20.2";

    public string ApiServer => Path.Combine(Directory, "kube-apiserver");

    public string ControllerManager => Path.Combine(Directory, "kube-controller-manager");

    public string Scheduler => Path.Combine(Directory, "kube-scheduler");

    public string Proxy => Path.Combine(Directory, "kube-proxy");

    public string Kubectl => Path.Combine(Directory, "kubectl");

    /// <summary>The cached binaries, building them first when they are missing (the build's progress goes to stderr).</summary>
    public static async Task<KubernetesBinaries> EnsureAsync(ILabLog log, CancellationToken cancel)
    {
        if (Environment.GetEnvironmentVariable(BinVariable) is { Length: > 0 } given)
        {
            var binaries = new KubernetesBinaries(given);
            return binaries.Missing() is { } missing
                ? throw new LabException($"{BinVariable}={given} has no {missing}")
                : binaries;
        }
        var script = FindScript() ?? throw new LabException(
            "cannot find scripts/kubernetes.sh above " + AppContext.BaseDirectory + " (run vxmesh from its checkout, or set " + BinVariable + ")");
        if (await RunScriptAsync(script, ["--check"], quiet: true, cancel) is not null)
        {
            log.Step("Kubernetes binaries are not built on this machine yet: building them once (about 10-20 minutes)");
        }
        var directory = await RunScriptAsync(script, [], quiet: false, cancel)
            ?? throw new LabException($"{script} printed no directory");
        var result = new KubernetesBinaries(directory);
        return result.Missing() is { } absent ? throw new LabException($"{script} left no {absent} in {directory}") : result;
    }

    /// <summary>The first binary that is not there, or null.</summary>
    public string? Missing() =>
        new[] { ApiServer, ControllerManager, Scheduler, Proxy, Kubectl }.FirstOrDefault(p => !File.Exists(p));

    /// <summary>The script above the running build (.build/cli, a test's bin directory), in this checkout.</summary>
    public static string? FindScript() =>
        FindRepoDirectory("scripts") is { } scripts && File.Exists(Path.Combine(scripts, "kubernetes.sh")) ? Path.Combine(scripts, "kubernetes.sh") : null;

    /// <summary>A directory of this checkout (e.g. deploy/manifests), found above the running build.</summary>
    public static string? FindRepoDirectory(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (System.IO.Directory.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "VxMesh.slnx")))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>
    /// Runs the script with its stderr on ours (the build's progress) and returns its last line
    /// of stdout; --check returns null on success (exit 0) and its exit code text otherwise.
    /// </summary>
    private static async Task<string?> RunScriptAsync(string script, IReadOnlyList<string> args, bool quiet, CancellationToken cancel)
    {
        var info = new ProcessStartInfo(script) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = quiet };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info) ?? throw new LabException($"cannot start {script}");
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = quiet ? process.StandardError.ReadToEndAsync(CancellationToken.None) : Task.FromResult("");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(BuildTimeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            // The script keeps its partial work and its lock releases with it: a re-run resumes.
            process.Kill(entireProcessTree: true);
            cancel.ThrowIfCancellationRequested();
            throw new LabException($"{script} did not finish within {BuildTimeout.TotalMinutes:0} minutes and was stopped");
        }
        await stderr;
        if (args.Contains("--check"))
        {
            return process.ExitCode == 0 ? null : $"exit {process.ExitCode}";
        }
        if (process.ExitCode != 0)
        {
            throw new LabException($"building Kubernetes failed ({script} exited {process.ExitCode}; its messages are above)");
        }
        return (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
    }
}
