using VxMesh.Lab.Topology;

namespace VxMesh.Lab.Runtime;

/// <param name="Namespaces">Namespaces removed.</param>
/// <param name="Processes">Processes stopped.</param>
/// <param name="Leftovers">What could not be removed (empty on success).</param>
public sealed record LabDownReport(string Lab, int Namespaces, int Processes, IReadOnlyList<string> Leftovers);

/// <summary>
/// Removes a lab and everything it started, from what the machine shows rather than from
/// what the lab remembers: namespaces by their vxlab-LAB- prefix, processes by `ip netns pids`
/// of those namespaces and by the pid files (each checked against its command line, so a
/// reused pid is never signalled). Safe to repeat, and after a crash of `lab up` itself.
/// </summary>
public static class LabDown
{
    public static async Task<LabDownReport> RunAsync(string lab, ILabLog log, CancellationToken cancel)
    {
        using var hold = ExitGuard.Hold();
        var paths = LabPaths.For(lab);
        var namespaces = Netns.WithPrefix(LabName.Prefix(lab));
        var pids = new HashSet<int>(PidFileProcesses(paths));
        foreach (var ns in namespaces)
        {
            pids.UnionWith(await Netns.PidsAsync(ns, cancel));
        }
        pids.Remove(Environment.ProcessId);
        await StopAsync(pids, cancel);
        await Netns.DeleteAsync(namespaces, cancel);
        if (Directory.Exists(paths.Directory))
        {
            Directory.Delete(paths.Directory, recursive: true);
        }
        var leftovers = Netns.WithPrefix(LabName.Prefix(lab)).Concat(pids.Where(ProcInfo.IsAlive).Select(p => $"pid {p}")).ToList();
        log.Step(leftovers.Count == 0
            ? $"lab {lab}: removed {namespaces.Count} namespaces, stopped {pids.Count} processes"
            : $"lab {lab}: could not remove {string.Join(", ", leftovers)}");
        return new LabDownReport(lab, namespaces.Count, pids.Count, leftovers);
    }

    /// <summary>Every lab with a namespace or a directory left, whatever its state.</summary>
    public static IReadOnlyList<string> AllLabs() =>
        Netns.List().Select(LabName.OwnerOf).OfType<string>()
            .Concat(LabPaths.Existing().Where(LabName.IsValid))
            .Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>SIGTERM, a bounded wait, then SIGKILL for what is still there.</summary>
    private static async Task StopAsync(IReadOnlyCollection<int> pids, CancellationToken cancel)
    {
        foreach (var pid in pids)
        {
            Signals.Send(pid, Signals.Term);
        }
        if (!await WaitGoneAsync(pids, Timeouts.Stop, cancel))
        {
            foreach (var pid in pids.Where(ProcInfo.IsAlive))
            {
                Signals.Send(pid, Signals.Kill);
            }
            await WaitGoneAsync(pids, Timeouts.Stop, cancel);
        }
    }

    private static async Task<bool> WaitGoneAsync(IReadOnlyCollection<int> pids, TimeSpan timeout, CancellationToken cancel)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (pids.Any(ProcInfo.IsAlive))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancel);
        }
        return true;
    }

    /// <summary>Agents and nginx masters named by pid files, when the pid still runs that program for this lab.</summary>
    private static IEnumerable<int> PidFileProcesses(LabPaths paths)
    {
        var agents = Directory.Exists(Path.Combine(paths.Directory, "nodes"))
            ? Directory.GetDirectories(Path.Combine(paths.Directory, "nodes")).Select(d => Path.Combine(d, "agent.pid"))
            : [];
        var nginx = Directory.Exists(Path.Combine(paths.Directory, "pods"))
            ? Directory.GetDirectories(Path.Combine(paths.Directory, "pods")).Select(d => Path.Combine(d, "nginx.pid"))
            : [];
        foreach (var pid in agents.Select(ProcInfo.ReadPidFile).OfType<int>().Where(p => AgentLauncher.IsAgentOf(p, paths)))
        {
            yield return pid;
        }
        foreach (var pid in nginx.Select(ProcInfo.ReadPidFile).OfType<int>()
                     .Where(p => ProcInfo.CommandLine(p).Contains(paths.Directory + "/", StringComparison.Ordinal)))
        {
            yield return pid;
        }
    }
}
