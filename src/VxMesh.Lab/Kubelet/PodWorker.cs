using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using VxMesh.Lab.Layout;
using VxMesh.Lab.Runtime;

namespace VxMesh.Lab.Kubelet;

/// <summary>What every pod worker of one node agent shares.</summary>
public sealed record NodeContext(
    IKubernetes Client,
    KubeletConfig Config,
    NodeLayout Node,
    PodAddresses Addresses,
    NginxFeatures Nginx,
    HttpClient Http,
    PodEvents Events,
    TimeProvider Time,
    ILogger Log);

/// <summary>
/// One pod bound to this node, from its first sight to its deletion: refuse it (with an event and a
/// status reason) if it asks for what the lab does not do; otherwise give it an address and a
/// namespace, write out its volumes, start its containers, report its status whenever anything
/// changes, and when the API marks it for deletion stop its containers within the grace period,
/// remove its namespace and tell the API it is gone (DELETE with grace 0, as the kubelet does).
/// </summary>
public sealed class PodWorker(NodeContext node, V1Pod first) : IDisposable
{
    public string Uid { get; } = first.Metadata.Uid;

    private readonly TaskCompletionSource deletion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource gone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim dirty = new(0);
    private readonly Dictionary<string, (string, DateTimeOffset)> conditions = [];
    private readonly List<ContainerRunner> runners = [];
    private V1Pod pod = first;
    private string? unsupported;
    private string? podIp;
    private string? netns;
    private ContainerState? pendingState;
    private DateTimeOffset startTime = node.Time.GetUtcNow();

    private string Name => $"{pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}";

    /// <summary>The API's latest version of the pod.</summary>
    public void Update(V1Pod latest)
    {
        pod = latest;
        if (latest.Metadata.DeletionTimestamp is not null)
        {
            deletion.TrySetResult();
        }
    }

    /// <summary>The pod is no longer in the API (force-deleted): stop at once, no grace.</summary>
    public void Gone()
    {
        gone.TrySetResult();
        deletion.TrySetResult();
    }

    public async Task RunAsync(CancellationToken cancel)
    {
        using var reporting = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var reporter = ReportAsync(reporting.Token);
        var dir = Path.Combine(node.Config.PodsDirectory, $"{pod.Metadata.NamespaceProperty}_{pod.Metadata.Name}_{Uid[..8]}");
        (System.Net.IPAddress Address, System.Net.IPNetwork Block)? lease = null;
        try
        {
            var support = PodSupport.Check(pod);
            if (!support.CanRun)
            {
                unsupported = support.Message;
                Changed();
                node.Log.PodUnsupported(Name, support.Message);
                await node.Events.WarningAsync(pod, "Unsupported", support.Message, cancel);
                await deletion.Task.WaitAsync(cancel);
                return;
            }
            if (support.NotEnforced.Count > 0)
            {
                await node.Events.WarningAsync(pod, "NotEnforced",
                    $"the vxmesh lab node agent runs this pod but does not enforce {string.Join("; ", support.NotEnforced)}", cancel);
            }
            if (pod.Status?.Phase is "Succeeded" or "Failed")
            {
                // Finished before this node agent started: it stays as it is until deleted.
                await deletion.Task.WaitAsync(cancel);
                return;
            }
            Directory.CreateDirectory(dir);
            var hostNetwork = pod.Spec.HostNetwork == true;
            if (hostNetwork)
            {
                podIp = node.Config.NodeIp.ToString();
            }
            else
            {
                lease = node.Addresses.Allocate() ?? throw new ContainerConfigException($"node {node.Config.Node} has no free pod address left in {string.Join(", ", node.Config.Blocks)}");
                var sandbox = await PodSandbox.CreateAsync(node.Config, node.Node, pod.Metadata.Name, Uid, lease.Value.Address, lease.Value.Block, cancel);
                netns = sandbox.Namespace;
                podIp = lease.Value.Address.ToString();
            }
            startTime = node.Time.GetUtcNow();
            var volumes = await RetryConfigAsync(() => PodVolumes.PrepareAsync(node.Client, pod, dir, node.Config.HostPathRoot, cancel), cancel);
            if (volumes is null)
            {
                return;
            }
            var services = await ContainerEnvironment.ServiceVariablesAsync(node.Client, pod, cancel);
            var place = new PodPlace(netns, hostNetwork ? node.Config.Node : pod.Metadata.Name, dir, podIp, node.Config.Node, node.Config.Cluster);
            var context = new ContainerContext(node.Client, pod, place, volumes, services, node.Config, node.Nginx, node.Http, node.Events, node.Time, node.Log);
            runners.AddRange(pod.Spec.Containers.Select(c => new ContainerRunner(context, c, ImageCatalog.Resolve(c.Image)!, Changed)));
            var running = runners.Select(r => r.RunAsync(cancel)).ToList();
            Changed();
            var finished = Task.WhenAll(running);
            await Task.WhenAny(finished, deletion.Task).WaitAsync(cancel);
            if (!finished.IsCompleted)
            {
                var grace = gone.Task.IsCompleted ? TimeSpan.Zero : Grace();
                node.Log.PodStopping(Name, grace.TotalSeconds);
                await Task.WhenAll(runners.Select(r => r.StopAsync(grace)));
                await finished;
            }
            Changed();
            await deletion.Task.WaitAsync(cancel);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // The node agent is stopping: leave the pod to the next one (or to lab down).
            await StopForShutdownAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            node.Log.PodFailed(Name, e.Message);
            pendingState = new WaitingState("RunContainerError", e.Message);
            Changed();
            await node.Events.WarningAsync(pod, "Failed", e.Message, CancellationToken.None);
            await deletion.Task.WaitAsync(cancel).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        finally
        {
            if (netns is not null)
            {
                await PodSandbox.RemoveAsync(netns, CancellationToken.None);
            }
            if (lease is { } l)
            {
                node.Addresses.Release(l.Address);
            }
            // The reporter's last patch writes the record too: stop it before the record goes.
            await reporting.CancelAsync();
            await reporter;
            File.Delete(PodRecord.PathOf(node.Config.NodeDirectory, Uid));
        }
        if (!cancel.IsCancellationRequested && !gone.Task.IsCompleted)
        {
            await ConfirmDeletedAsync(cancel);
        }
    }

    /// <summary>The kubelet's last word on a pod: its containers are gone, the API may forget it (grace 0, this uid only).</summary>
    private async Task ConfirmDeletedAsync(CancellationToken cancel)
    {
        try
        {
            await node.Client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty,
                new V1DeleteOptions { GracePeriodSeconds = 0, Preconditions = new V1Preconditions { Uid = Uid } }, cancellationToken: cancel);
            node.Log.PodDeleted(Name);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Conflict)
        {
        }
    }

    private async Task StopForShutdownAsync()
    {
        foreach (var runner in runners)
        {
            await runner.StopAsync(TimeSpan.FromSeconds(2));
        }
    }

    /// <summary>A volume whose configMap or secret is missing is retried until it appears or the pod is deleted (null then).</summary>
    private async Task<T?> RetryConfigAsync<T>(Func<Task<T>> attempt, CancellationToken cancel)
        where T : class
    {
        while (true)
        {
            try
            {
                pendingState = null;
                return await attempt();
            }
            catch (ContainerConfigException e)
            {
                pendingState = new WaitingState("CreateContainerConfigError", e.Message);
                Changed();
                await node.Events.WarningAsync(pod, "FailedMount", e.Message, cancel);
                if (await Task.WhenAny(deletion.Task, Task.Delay(TimeSpan.FromSeconds(2), node.Time, cancel)) == deletion.Task)
                {
                    return null;
                }
            }
        }
    }

    public void Dispose()
    {
        dirty.Dispose();
        foreach (var runner in runners)
        {
            runner.Dispose();
        }
    }

    private TimeSpan Grace() =>
        TimeSpan.FromSeconds(Math.Max(0, pod.Metadata.DeletionGracePeriodSeconds ?? pod.Spec.TerminationGracePeriodSeconds ?? 30));

    private void Changed() => dirty.Release();

    /// <summary>Status patches, coalesced: every change wakes the reporter, which sends the state as it is then.</summary>
    private async Task ReportAsync(CancellationToken cancel)
    {
        try
        {
            while (true)
            {
                await dirty.WaitAsync(cancel);
                while (dirty.CurrentCount > 0)
                {
                    await dirty.WaitAsync(cancel);
                }
                await PatchStatusAsync(cancel);
            }
        }
        catch (OperationCanceledException)
        {
            if (!gone.Task.IsCompleted)
            {
                await PatchStatusAsync(CancellationToken.None);
            }
        }
    }

    private async Task PatchStatusAsync(CancellationToken cancel)
    {
        var snapshots = runners.Count > 0
            ? runners.Select(r => r.Snapshot()).ToList()
            : pod.Spec.Containers.Select(c => new ContainerSnapshot(c.Name, c.Image, ImageCatalog.Resolve(c.Image)?.Kind ?? "unknown",
                pendingState ?? new WaitingState(unsupported is null ? "ContainerCreating" : "Unsupported", unsupported), null, false, false, 0, null, true)).ToList();
        var view = new PodView(podIp, node.Config.NodeIp.ToString(), startTime, snapshots, unsupported, conditions);
        var status = PodStatusBuilder.Build(view, node.Time.GetUtcNow());
        new PodRecord(pod.Metadata.Name, pod.Metadata.NamespaceProperty, Uid, node.Config.Cluster, node.Config.Node, netns,
            podIp is null ? null : System.Net.IPAddress.Parse(podIp),
            snapshots.Where(s => s.Pid is not null).ToDictionary(s => s.Name, s => s.Pid!.Value)).Save(node.Config.NodeDirectory);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                await node.Client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(new V1Pod { Status = status }, V1Patch.PatchType.MergePatch),
                    pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: cancel);
                return;
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or k8s.Autorest.HttpOperationException)
            {
                node.Log.StatusNotWritten(Name, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), node.Time, cancel);
            }
        }
    }
}
