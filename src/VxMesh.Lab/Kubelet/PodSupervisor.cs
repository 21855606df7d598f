using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace VxMesh.Lab.Kubelet;

/// <summary>
/// Follows the pods bound to this node (list, then watch from the list's resourceVersion; a watch
/// that ends or expires is followed by a fresh list, so nothing is missed) and keeps one
/// <see cref="PodWorker"/> per pod uid. Level-based: every list is compared with the workers, so a
/// pod deleted while the watch was down is still stopped.
/// </summary>
public sealed class PodSupervisor(NodeContext node)
{
    private readonly Dictionary<string, (PodWorker Worker, Task Run)> workers = [];

    public async Task RunAsync(CancellationToken cancel)
    {
        var selector = $"spec.nodeName={node.Config.Node}";
        var backoff = TimeSpan.FromMilliseconds(500);
        while (!cancel.IsCancellationRequested)
        {
            try
            {
                var list = await node.Client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: selector, cancellationToken: cancel);
                Sync(list.Items, cancel);
                backoff = TimeSpan.FromMilliseconds(500);
                await foreach (var (type, pod) in node.Client.CoreV1.WatchListPodForAllNamespacesAsync(fieldSelector: selector,
                    resourceVersion: list.Metadata.ResourceVersion, allowWatchBookmarks: true, timeoutSeconds: 300, cancellationToken: cancel))
                {
                    switch (type)
                    {
                        case WatchEventType.Added or WatchEventType.Modified:
                            Upsert(pod, cancel);
                            break;
                        case WatchEventType.Deleted:
                            Forget(pod.Metadata.Uid);
                            break;
                    }
                }
            }
            catch (Exception e) when (!cancel.IsCancellationRequested && e is HttpRequestException or k8s.Autorest.HttpOperationException
                                          or k8s.KubernetesException or IOException or System.Text.Json.JsonException)
            {
                node.Log.Retrying($"pods of node {node.Config.Node}", e.Message, backoff.TotalMilliseconds);
                await Task.Delay(backoff, node.Time, cancel);
                backoff = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(5).Ticks, backoff.Ticks * 2));
            }
            Reap();
        }
        await Task.WhenAll(workers.Values.Select(w => w.Run));
    }

    private void Sync(IList<V1Pod> pods, CancellationToken cancel)
    {
        foreach (var pod in pods)
        {
            Upsert(pod, cancel);
        }
        var present = pods.Select(p => p.Metadata.Uid).ToHashSet();
        foreach (var uid in workers.Keys.Where(u => !present.Contains(u)).ToList())
        {
            Forget(uid);
        }
    }

    private void Upsert(V1Pod pod, CancellationToken cancel)
    {
        Reap();
        if (workers.TryGetValue(pod.Metadata.Uid, out var existing))
        {
            existing.Worker.Update(pod);
            return;
        }
        var worker = new PodWorker(node, pod);
        worker.Update(pod);
        workers[pod.Metadata.Uid] = (worker, Task.Run(() => RunWorkerAsync(worker, cancel), CancellationToken.None));
    }

    private async Task RunWorkerAsync(PodWorker worker, CancellationToken cancel)
    {
        try
        {
            await worker.RunAsync(cancel);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            node.Log.WorkerFailed(worker.Uid, e);
        }
        finally
        {
            worker.Dispose();
        }
    }

    private void Forget(string uid)
    {
        if (workers.TryGetValue(uid, out var entry))
        {
            entry.Worker.Gone();
        }
    }

    /// <summary>Workers whose pod is gone and cleaned up leave the table.</summary>
    private void Reap()
    {
        foreach (var uid in workers.Where(w => w.Value.Run.IsCompleted).Select(w => w.Key).ToList())
        {
            workers.Remove(uid);
        }
    }
}
