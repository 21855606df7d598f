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
/// lab they deregister instead of waiting on a dead etcd; then a Kubernetes lab's components
/// (node agents, kube-proxies, API servers, controller-managers, schedulers: an API server must
/// stop before its etcd); then etcd, nginx, pods' processes and the rest. Mount points the node
/// agents created on the machine go when empty. The lab's directory goes last, etcd's data with
/// it. Safe to repeat, and after a crash of `lab up` itself.
/// </summary>
public static class LabDown
{
    public static async Task<LabDownReport> RunAsync(string lab, ILabLog log, CancellationToken cancel)
    {
        using var hold = ExitGuard.Hold();
        var paths = LabPaths.For(lab);
        var namespaces = Netns.WithPrefix(LabName.Prefix(lab));
        var agents = AgentPids(paths).ToHashSet();
        var kubernetes = KubernetesPids(paths).ToHashSet();
        var pids = new HashSet<int>(agents.Concat(kubernetes).Concat(OtherPidFileProcesses(paths)));
        foreach (var ns in namespaces)
        {
            pids.UnionWith(await Netns.PidsAsync(ns, cancel));
        }
        pids.Remove(Environment.ProcessId);
        await ProcessStopper.StopAsync(agents, Timeouts.Stop, cancel);
        await ProcessStopper.StopAsync(kubernetes.Except(agents).ToList(), Timeouts.Stop, cancel);
        await ProcessStopper.StopAsync(pids.Except(agents).Except(kubernetes).ToList(), Timeouts.Stop, cancel);
        await Netns.DeleteAsync(namespaces, cancel);
        MountPoints.RemoveEmpty(new Kubernetes.KubernetesPaths(paths).MountPoints);
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

    private static readonly string[] NodeComponentPidFiles = ["kubelet.pid", "kube-proxy.pid"];

    /// <summary>A Kubernetes lab's components named by pid files (its etcd is not one of them: it stops with the rest).</summary>
    private static IEnumerable<int> KubernetesPids(LabPaths paths)
    {
        var k8s = new Kubernetes.KubernetesPaths(paths);
        var files = Subdirectories(paths, "nodes").SelectMany(d => NodeComponentPidFiles.Select(f => Path.Combine(d, f)))
            .Concat(System.IO.Directory.Exists(k8s.Directory)
                ? System.IO.Directory.GetDirectories(k8s.Directory).Where(d => Path.GetFileName(d) != "etcd")
                    .SelectMany(d => System.IO.Directory.GetFiles(d, "*.pid"))
                : []);
        return files.Select(ProcInfo.ReadPidFile).OfType<int>().Where(p => DetachedProcess.IsOurs(p, paths.Directory));
    }

    /// <summary>etcd and nginx masters named by pid files, checked the same way (nginx by its command line, which names its pod directory).</summary>
    private static IEnumerable<int> OtherPidFileProcesses(LabPaths paths)
    {
        foreach (var pidFile in new[] { paths.EtcdPid, new Kubernetes.KubernetesPaths(paths).Etcd.Pid })
        {
            if (ProcInfo.ReadPidFile(pidFile) is { } etcd && DetachedProcess.IsOurs(etcd, paths.Directory))
            {
                yield return etcd;
            }
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
