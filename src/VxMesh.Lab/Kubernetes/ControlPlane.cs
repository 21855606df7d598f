using System.Diagnostics;
using VxMesh.Lab.Registry;
using VxMesh.Lab.Runtime;

namespace VxMesh.Lab.Kubernetes;

/// <summary>
/// Starts the lab's control planes: the shared etcd first, then every cluster's kube-apiserver
/// side by side, and once each answers /readyz its kube-controller-manager and kube-scheduler
/// (starting them earlier only burns the two cores on their retries). Every process is detached
/// with the lab's marker, pid and log under the cluster's directory, so `lab down` finds them.
/// </summary>
public sealed class ControlPlane(KubernetesBinaries binaries, KubernetesPaths paths, ControlPlaneLayout layout)
{
    /// <summary>Seen here: 4.5 s for one API server alone; three at once on two cores take longer.</summary>
    public static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(90);

    public Kubectl Kubectl => new(binaries, paths, layout.Namespace);

    public static readonly string[] Components = [ComponentCommands.ApiServer, ComponentCommands.ControllerManager, ComponentCommands.Scheduler];

    public void StartEtcd() => EtcdServer.Start(layout.Namespace, ControlPlaneLayout.EtcdUrl, paths.Etcd);

    public async Task StartAsync(CancellationToken cancel)
    {
        await EtcdServer.WaitHealthyAsync(layout.Namespace, ControlPlaneLayout.EtcdUrl, paths.Etcd, cancel);
        foreach (var cluster in layout.Clusters)
        {
            Start(cluster, ComponentCommands.ApiServer, ComponentCommands.ApiServerOf(binaries, paths, cluster));
        }
        await Task.WhenAll(layout.Clusters.Select(async cluster =>
        {
            await WaitReadyAsync(cluster, cancel);
            Start(cluster, ComponentCommands.ControllerManager, ComponentCommands.ControllerManagerOf(binaries, paths, cluster));
            Start(cluster, ComponentCommands.Scheduler, ComponentCommands.SchedulerOf(binaries, paths, cluster));
        }));
    }

    /// <summary>A component's pid when its pid file names a live process of this lab.</summary>
    public static int? RunningPid(KubernetesPaths paths, string cluster, string component) =>
        DetachedProcess.RunningPid(paths.ComponentPid(cluster, component), paths.Lab.Directory);

    private void Start(ClusterControlPlane cluster, string component, IReadOnlyList<string> command) =>
        DetachedProcess.Start($"{component} of cluster {cluster.Name}", layout.Namespace, command,
            paths.ComponentPid(cluster.Name, component), paths.ComponentLog(cluster.Name, component), paths.Lab.Directory);

    /// <summary>Until /readyz says ok (anonymous requests may read it); an exit or a timeout shows the log.</summary>
    private async Task WaitReadyAsync(ClusterControlPlane cluster, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var last = "";
        while (clock.Elapsed < ReadyWithin)
        {
            var probe = await ProcessRunner.RunAsync("ip", Netns.Exec(layout.Namespace, "curl", "-s", "--max-time", "2",
                "--cacert", paths.ClusterFile(cluster.Name, "ca.crt"), $"{cluster.ApiUrl}/readyz"), Timeouts.Command, cancel);
            if (probe.Ok && probe.Stdout.Trim() == "ok")
            {
                return;
            }
            last = probe.Ok ? probe.Stdout.Trim() : $"curl exit {probe.ExitCode}";
            if (File.Exists(paths.ComponentPid(cluster.Name, ComponentCommands.ApiServer))
                && RunningPid(paths, cluster.Name, ComponentCommands.ApiServer) is null)
            {
                throw new LabException($"kube-apiserver of cluster {cluster.Name} exited:\n{LogTail.Of(paths.ComponentLog(cluster.Name, ComponentCommands.ApiServer))}");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancel);
        }
        throw new LabException($"kube-apiserver of cluster {cluster.Name} was not ready within {ReadyWithin.TotalSeconds:0} s ({last}):\n" +
            LogTail.Of(paths.ComponentLog(cluster.Name, ComponentCommands.ApiServer)));
    }
}
