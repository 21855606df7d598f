using System.Diagnostics;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using VxMesh.Lab.Runtime;

namespace VxMesh.Lab.Kubelet;

/// <summary>What a container needs from its pod: the API, where it runs, its volumes, and how to report.</summary>
public sealed record ContainerContext(
    IKubernetes Client,
    V1Pod Pod,
    PodPlace Place,
    IReadOnlyDictionary<string, string> Volumes,
    IReadOnlyDictionary<string, string> ServiceEnv,
    KubeletConfig Config,
    NginxFeatures Nginx,
    HttpClient Http,
    PodEvents Events,
    TimeProvider Time,
    ILogger Log);

/// <summary>
/// One container, started, probed and restarted as the kubelet does: a startup probe gates the
/// others; readiness decides Ready; a liveness failure (or a failed startup probe) kills it; an
/// exited container runs again per the pod's restartPolicy after a back-off that doubles from 10 s
/// to 5 minutes (CrashLoopBackOff) and resets after 10 minutes of running. Stopping runs the
/// preStop hook, sends the image's stop signal (SIGQUIT for nginx), waits out the grace period,
/// then SIGKILLs.
/// </summary>
public sealed class ContainerRunner(ContainerContext context, V1Container spec, CatalogImage image, Action changed) : IDisposable
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan BackoffReset = TimeSpan.FromMinutes(10);

    private readonly Lock gate = new();
    private readonly CancellationTokenSource stopping = new();
    private ContainerState state = new WaitingState("ContainerCreating");
    private ContainerState? last;
    private bool ready;
    private bool started;
    private int restarts;
    private Process? process;
    private IReadOnlyDictionary<string, string> env = new Dictionary<string, string>();
    private bool finished;

    public string Name => spec.Name;

    public ContainerSnapshot Snapshot()
    {
        lock (gate)
        {
            return new ContainerSnapshot(spec.Name, spec.Image, image.Kind, state, last, ready, started, restarts,
                process is { HasExited: false } p ? p.Id : null, !finished);
        }
    }

    public int? Pid => Snapshot().Pid;

    public async Task RunAsync(CancellationToken cancel)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancel, stopping.Token);
        var token = linked.Token;
        var backoff = FirstBackoff;
        try
        {
            while (!token.IsCancellationRequested)
            {
                var startedAt = context.Time.GetUtcNow();
                var exit = await RunOnceAsync(token);
                if (exit is null)
                {
                    return;
                }
                var (code, reason) = exit.Value;
                var now = context.Time.GetUtcNow();
                var policy = context.Pod.Spec.RestartPolicy ?? "Always";
                var again = !stopping.IsCancellationRequested && (policy == "Always" || (policy == "OnFailure" && code != 0));
                Set(new TerminatedState(code, reason, startedAt, now), ready: false, keepRunning: again);
                if (!again)
                {
                    return;
                }
                backoff = now - startedAt > BackoffReset ? FirstBackoff : backoff;
                lock (gate)
                {
                    last = state;
                    restarts++;
                    state = new WaitingState("CrashLoopBackOff", $"back-off {backoff.TotalSeconds:0}s restarting failed container={spec.Name} pod={context.Pod.Metadata.Name}");
                }
                changed();
                await context.Events.WarningAsync(context.Pod, "BackOff", $"Back-off restarting failed container {spec.Name}", CancellationToken.None);
                await Task.Delay(backoff, context.Time, token);
                backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, backoff.Ticks * 2));
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        finally
        {
            lock (gate)
            {
                finished = true;
            }
        }
    }

    /// <summary>Starts the process and runs its probes until it exits; null when it could not start and the pod is stopping.</summary>
    private async Task<(int Code, string Reason)?> RunOnceAsync(CancellationToken cancel)
    {
        Process running;
        try
        {
            running = await StartAsync(cancel);
        }
        catch (ContainerConfigException e)
        {
            Set(new WaitingState("CreateContainerConfigError", e.Message), ready: false, keepRunning: true);
            await context.Events.WarningAsync(context.Pod, "Failed", $"Error: {e.Message}", CancellationToken.None);
            await Task.Delay(TimeSpan.FromSeconds(2), context.Time, cancel);
            return (1, "CreateContainerConfigError");
        }
        using var probing = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var killedByProbe = false;
        var probes = ProbesAsync(running, () => killedByProbe = true, probing.Token);
        try
        {
            await running.WaitForExitAsync(CancellationToken.None);
        }
        finally
        {
            await probing.CancelAsync();
            await probes;
        }
        var code = running.ExitCode;
        return (code, killedByProbe ? "Error" : code == 0 ? "Completed" : "Error");
    }

    private async Task<Process> StartAsync(CancellationToken cancel)
    {
        var pod = context.Pod;
        var dir = Path.Combine(context.Place.Directory, "containers", spec.Name);
        Directory.CreateDirectory(dir);
        var environment = await ContainerEnvironment.BuildAsync(context.Client, pod, spec, context.Config.ToolsDirectory, context.Place.Hostname,
            context.ServiceEnv, context.Place.PodIp, context.Config.NodeIp.ToString(), cancel);
        var mounts = PodVolumes.MountsOf(spec, context.Volumes);
        foreach (var mount in mounts)
        {
            MountPoints.Create(context.Config.MountPointsFile, mount.Target, mount.IsFile);
        }
        var argv = image.Argv(spec.Command?.Select(a => ContainerEnvironment.Expand(a, environment)).ToList(),
            spec.Args?.Select(a => ContainerEnvironment.Expand(a, environment)).ToList());
        if (NginxContainer.RunsNginx(image, argv))
        {
            var config = Path.Combine(dir, "nginx.conf");
            await File.WriteAllTextAsync(config, NginxContainer.Config(pod.Metadata.Name, context.Place.Node, context.Place.Cluster, mounts, dir, context.Nginx), cancel);
            argv = NginxContainer.Argv(config);
        }
        var info = ContainerLaunch.Build(context.Place, spec, argv, environment, mounts, Path.Combine(context.Place.Directory, spec.Name + ".log"),
            context.Config.LabDirectory, pod.Metadata.Uid);
        var process = Process.Start(info) ?? throw new ContainerConfigException($"cannot start container {spec.Name}");
        lock (gate)
        {
            this.process = process;
            env = environment;
            started = spec.StartupProbe is null;
            ready = started && spec.ReadinessProbe is null;
            state = new RunningState(context.Time.GetUtcNow());
        }
        context.Log.ContainerStarted(pod.Metadata.NamespaceProperty, pod.Metadata.Name, spec.Name, process.Id, argv);
        changed();
        await context.Events.NormalAsync(pod, "Started", $"Started container {spec.Name}", CancellationToken.None);
        return process;
    }

    private async Task ProbesAsync(Process running, Action markKilled, CancellationToken cancel)
    {
        var checks = new ProbeChecks(context.Http, context.Place.PodIp, spec);
        try
        {
            if (spec.StartupProbe is { } startup)
            {
                var passed = await ProbeUntilVerdictAsync(startup, checks, running.Id, cancel);
                if (!passed)
                {
                    markKilled();
                    await FailProbeAsync(running, "Startup", cancel);
                    return;
                }
                lock (gate)
                {
                    started = true;
                    ready = spec.ReadinessProbe is null;
                }
                changed();
            }
            var loops = new List<Task>();
            if (spec.ReadinessProbe is { } readiness)
            {
                loops.Add(ProbeLoopAsync(readiness, checks, running.Id, verdict =>
                {
                    lock (gate)
                    {
                        ready = verdict;
                    }
                    changed();
                    return verdict ? Task.CompletedTask : context.Events.WarningAsync(context.Pod, "Unhealthy", $"Readiness probe failed for container {spec.Name}", CancellationToken.None);
                }, cancel));
            }
            if (spec.LivenessProbe is { } liveness)
            {
                loops.Add(ProbeLoopAsync(liveness, checks, running.Id, async verdict =>
                {
                    if (!verdict)
                    {
                        markKilled();
                        await FailProbeAsync(running, "Liveness", cancel);
                    }
                }, cancel));
            }
            await Task.WhenAll(loops);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
    }

    private async Task FailProbeAsync(Process running, string kind, CancellationToken cancel)
    {
        await context.Events.WarningAsync(context.Pod, "Unhealthy", $"{kind} probe failed for container {spec.Name}", CancellationToken.None);
        await context.Events.NormalAsync(context.Pod, "Killing", $"Container {spec.Name} failed {kind.ToLowerInvariant()} probe, will be restarted", CancellationToken.None);
        await TerminateAsync(running, Grace(), runPreStop: true, cancel);
    }

    /// <summary>Probes until the counter reaches a verdict (a startup probe: true once, or false for good).</summary>
    private async Task<bool> ProbeUntilVerdictAsync(V1Probe probe, ProbeChecks checks, int pid, CancellationToken cancel)
    {
        var timing = ProbeTiming.Of(probe);
        var counter = new ProbeCounter(timing);
        await Task.Delay(timing.InitialDelay, context.Time, cancel);
        while (true)
        {
            counter.Record(await checks.RunAsync(probe, pid, Env(), timing.Timeout, cancel));
            if (counter.Verdict is { } verdict)
            {
                return verdict;
            }
            await Task.Delay(timing.Period, context.Time, cancel);
        }
    }

    private async Task ProbeLoopAsync(V1Probe probe, ProbeChecks checks, int pid, Func<bool, Task> onChange, CancellationToken cancel)
    {
        var timing = ProbeTiming.Of(probe);
        var counter = new ProbeCounter(timing);
        await Task.Delay(timing.InitialDelay, context.Time, cancel);
        while (true)
        {
            if (counter.Record(await checks.RunAsync(probe, pid, Env(), timing.Timeout, cancel)) && counter.Verdict is { } verdict)
            {
                await onChange(verdict);
            }
            await Task.Delay(timing.Period, context.Time, cancel);
        }
    }

    /// <summary>Graceful stop for good (the pod is being deleted), within <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        await stopping.CancelAsync();
        Process? running;
        lock (gate)
        {
            running = process;
        }
        if (running is { HasExited: false })
        {
            await context.Events.NormalAsync(context.Pod, "Killing", $"Stopping container {spec.Name}", CancellationToken.None);
            await TerminateAsync(running, grace, runPreStop: true, CancellationToken.None);
        }
    }

    /// <summary>preStop, the stop signal, the rest of the grace period, SIGKILL.</summary>
    private async Task TerminateAsync(Process running, TimeSpan grace, bool runPreStop, CancellationToken cancel)
    {
        var deadline = context.Time.GetUtcNow() + grace;
        if (runPreStop && spec.Lifecycle?.PreStop is { } hook)
        {
            try
            {
                using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancel);
                bounded.CancelAfter(grace);
                if (hook.Exec is { } exec)
                {
                    await ProbeChecks.ExecAsync(running.Id, exec.Command, Env(), grace, bounded.Token);
                }
                else if (hook.HttpGet is { } get)
                {
                    await new ProbeChecks(context.Http, context.Place.PodIp, spec).HttpAsync(get, grace, bounded.Token);
                }
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                // The hook used up the grace period; the container is killed regardless.
            }
        }
        if (!running.HasExited)
        {
            Signals.Send(running.Id, image.StopSignal);
        }
        var left = deadline - context.Time.GetUtcNow();
        if (left > TimeSpan.Zero)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            wait.CancelAfter(left);
            try
            {
                await running.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
            }
        }
        if (!running.HasExited)
        {
            Signals.Send(running.Id, Signals.Kill);
            await running.WaitForExitAsync(CancellationToken.None);
        }
    }

    public void Dispose()
    {
        stopping.Dispose();
        process?.Dispose();
    }

    private TimeSpan Grace() => TimeSpan.FromSeconds(context.Pod.Spec.TerminationGracePeriodSeconds ?? 30);

    private IReadOnlyDictionary<string, string> Env()
    {
        lock (gate)
        {
            return env;
        }
    }

    private void Set(ContainerState next, bool ready, bool keepRunning)
    {
        lock (gate)
        {
            state = next;
            this.ready = ready;
            finished = !keepRunning;
        }
        changed();
    }
}
