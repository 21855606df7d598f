using VxMesh.Lab.Topology;

namespace VxMesh.Lab.Runtime;

/// <param name="Namespaces">Namespaces removed.</param>
/// <param name="Processes">Processes stopped.</param>
/// <param name="Leftovers">What could not be removed (empty on success).</param>
public sealed record LabDownReport(string Lab, int Namespaces, int Processes, IReadOnlyList<string> Leftovers);

/// <summary>
/// Removes a lab and everything it started, from what the machine shows rather than from
/// what the lab remembers: namespaces by their vxlab-LAB- prefix, processes by `ip netns pids`
/// of those namespaces and by the pid files (each checked against the lab's marker, so a
/// reused pid is never signalled). Agents stop first, while etcd still answers, so in an etcd
/// lab they deregister instead of waiting on a dead etcd; then etcd, nginx and the rest. The
/// lab's directory goes last, etcd's data with it. Safe to repeat, and after a crash of
/// `lab up` itself.
/// </summary>
public static class LabDown
{
    public static async Task<LabDownReport> RunAsync(string lab, ILabLog log, CancellationToken cancel)
    {
        using var hold = ExitGuard.Hold();
        var paths = LabPaths.For(lab);
        var namespaces = Netns.WithPrefix(LabName.Prefix(lab));
        var agents = AgentPids(paths).ToHashSet();
        var pids = new HashSet<int>(agents.Concat(OtherPidFileProcesses(paths)));
        foreach (var ns in namespaces)
        {
            pids.UnionWith(await Netns.PidsAsync(ns, cancel));
        }
        pids.Remove(Environment.ProcessId);
        await ProcessStopper.StopAsync(agents, Timeouts.Stop, cancel);
        await ProcessStopper.StopAsync(pids.Except(agents).ToList(), Timeouts.Stop, cancel);
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

    /// <summary>Agents named by pid files, when the pid still runs one of this lab's processes.</summary>
    private static IEnumerable<int> AgentPids(LabPaths paths) =>
        Subdirectories(paths, "nodes").Select(d => ProcInfo.ReadPidFile(Path.Combine(d, "agent.pid"))).OfType<int>()
            .Where(p => AgentLauncher.IsAgentOf(p, paths));

    /// <summary>etcd and nginx masters named by pid files, checked the same way (nginx by its command line, which names its pod directory).</summary>
    private static IEnumerable<int> OtherPidFileProcesses(LabPaths paths)
    {
        if (ProcInfo.ReadPidFile(paths.EtcdPid) is { } etcd && DetachedProcess.IsOurs(etcd, paths.Directory))
        {
            yield return etcd;
        }
        foreach (var pid in Subdirectories(paths, "pods").Select(d => ProcInfo.ReadPidFile(Path.Combine(d, "nginx.pid"))).OfType<int>()
                     .Where(p => ProcInfo.CommandLine(p).Contains(paths.Directory + "/", StringComparison.Ordinal)))
        {
            yield return pid;
        }
    }

    private static string[] Subdirectories(LabPaths paths, string name)
    {
        var dir = Path.Combine(paths.Directory, name);
        return Directory.Exists(dir) ? Directory.GetDirectories(dir) : [];
    }
}
