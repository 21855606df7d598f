using VxMesh.Lab.Layout;

namespace VxMesh.Lab.Runtime;

/// <summary>
/// Starts nginx inside each pod. nginx binds its socket before it daemonizes, so when the start
/// command returns the pod is already listening; readiness still checks it over the network.
/// </summary>
public static class NginxLauncher
{
    public static async Task StartAllAsync(IReadOnlyList<PodLayout> pods, LabPaths paths, CancellationToken cancel)
    {
        var features = await NginxFeatures.DetectAsync(cancel);
        await Parallel.ForEachAsync(pods, new ParallelOptions { MaxDegreeOfParallelism = Concurrency.Commands, CancellationToken = cancel },
            async (pod, token) => await StartAsync(pod, paths, features, token));
    }

    private static async Task StartAsync(PodLayout pod, LabPaths paths, NginxFeatures features, CancellationToken cancel)
    {
        var dir = paths.PodDirectory(pod.Name);
        Directory.CreateDirectory(Path.Combine(dir, "tmp"));
        await File.WriteAllTextAsync(paths.NginxConfig(pod.Name), NginxConfig.Build(pod, dir, features), cancel);
        // -e: the error log before the config is read, so nginx never opens /var/log/nginx; -p: relative paths stay private.
        await ProcessRunner.RunCheckedAsync($"starting nginx in pod {pod.Name}", "ip",
            Netns.Exec(pod.Namespace, "nginx", "-c", paths.NginxConfig(pod.Name), "-p", dir + "/", "-e", paths.NginxLog(pod.Name)),
            Timeouts.Command, cancel);
    }
}
