using System.Diagnostics;
using VxMesh.Lab.Registry;
using VxMesh.Lab.Runtime;

namespace VxMesh.Lab.Churn;

/// <param name="ElapsedMs">stop: until etcd exited; start: until it answered /health.</param>
public sealed record EtcdActionReport(string Lab, string Action, string Url, int? Pid, double ElapsedMs);

/// <summary>
/// `lab etcd stop|start`: a registry outage. stop ends etcd (SIGTERM, bounded, then SIGKILL) and
/// keeps its data directory; start runs it again on the same data, so every key, lease and
/// revision comes back — agents must ride through the gap without touching the kernel.
/// </summary>
public static class EtcdControl
{
    public static async Task<EtcdActionReport> StopAsync(string lab, CancellationToken cancel)
    {
        using var session = await LabSession.OpenAsync(lab, cancel);
        var registry = session.RequireEtcd("lab etcd stop");
        var pid = EtcdServer.RunningPid(LabRegistryState.Files(session.Paths));
        var clock = Stopwatch.StartNew();
        if (!await EtcdServer.StopAsync(LabRegistryState.Files(session.Paths), cancel))
        {
            throw new LabException($"etcd of lab {lab} is not running (start it with `vxmesh lab etcd start {lab}`)");
        }
        return new EtcdActionReport(lab, "stop", registry.ClientUrl, pid, clock.Elapsed.TotalMilliseconds);
    }

    public static async Task<EtcdActionReport> StartAsync(string lab, CancellationToken cancel)
    {
        using var hold = ExitGuard.Hold();
        using var session = await LabSession.OpenAsync(lab, cancel);
        var registry = session.RequireEtcd("lab etcd start");
        var files = LabRegistryState.Files(session.Paths);
        if (EtcdServer.RunningPid(files) is { } running)
        {
            throw new LabException($"etcd of lab {lab} is already running (pid {running})");
        }
        var clock = Stopwatch.StartNew();
        var pki = registry.Pki(session.Paths);
        EtcdServer.Start(registry.Namespace, registry.ClientUrl, files, pki);
        await EtcdServer.WaitHealthyAsync(registry.Namespace, registry.ClientUrl, files, cancel, pki);
        return new EtcdActionReport(lab, "start", registry.ClientUrl, EtcdServer.RunningPid(files), clock.Elapsed.TotalMilliseconds);
    }
}
