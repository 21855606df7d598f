using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace VxMesh.Lab.Kubelet;

/// <summary>
/// Events about a pod, from "kubelet" on this node, as `kubectl describe pod` shows them. An event
/// that cannot be written is logged and dropped: events are for people, never a reason to stop.
/// </summary>
public sealed class PodEvents(IKubernetes client, string node, TimeProvider time, ILogger log)
{
    public Task NormalAsync(V1Pod pod, string reason, string message, CancellationToken cancel) => WriteAsync(pod, "Normal", reason, message, cancel);

    public Task WarningAsync(V1Pod pod, string reason, string message, CancellationToken cancel) => WriteAsync(pod, "Warning", reason, message, cancel);

    private async Task WriteAsync(V1Pod pod, string type, string reason, string message, CancellationToken cancel)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var ns = pod.Metadata.NamespaceProperty;
        var ev = new Corev1Event
        {
            Metadata = new V1ObjectMeta { GenerateName = pod.Metadata.Name + ".", NamespaceProperty = ns },
            InvolvedObject = new V1ObjectReference
            {
                Kind = "Pod",
                ApiVersion = "v1",
                Name = pod.Metadata.Name,
                NamespaceProperty = ns,
                Uid = pod.Metadata.Uid,
            },
            Reason = reason,
            Message = message,
            Type = type,
            Source = new V1EventSource { Component = "kubelet", Host = node },
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
            ReportingComponent = "kubelet",
            ReportingInstance = node,
        };
        try
        {
            await client.CoreV1.CreateNamespacedEventAsync(ev, ns, cancellationToken: cancel);
        }
        catch (Exception e) when (e is HttpRequestException or k8s.Autorest.HttpOperationException or OperationCanceledException)
        {
            log.EventNotWritten(reason, $"{ns}/{pod.Metadata.Name}", e.Message);
        }
    }
}
