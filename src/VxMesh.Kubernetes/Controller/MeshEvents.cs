using k8s;
using k8s.Models;

namespace VxMesh.Kubernetes.Controller;

/// <summary>
/// Kubernetes Events from the controller (component vxmesh-controller) about what an operator must
/// fix: overlapping CIDRs and other registry problems, a node of this cluster that cannot register,
/// an IPPool name held by someone else. Each distinct problem is reported once while it lasts (an
/// Event per reconcile pass would flood the namespace) and again if it comes back after going away.
/// </summary>
public sealed class MeshEvents(IKubernetes client, string ns, TimeProvider time)
{
    private HashSet<string> reported = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> current = new(StringComparer.Ordinal);

    /// <summary>Reports <paramref name="message"/> about <paramref name="target"/> unless it is still standing from before.</summary>
    public async Task WarnAsync(V1ObjectReference target, string reason, string message, CancellationToken cancel)
    {
        var key = $"{target.Kind}/{target.NamespaceProperty}/{target.Name}/{reason}/{message}";
        current[key] = reason;
        if (reported.Contains(key))
        {
            return;
        }
        var now = time.GetUtcNow().UtcDateTime;
        await client.CoreV1.CreateNamespacedEventAsync(new Corev1Event
        {
            Metadata = new V1ObjectMeta { GenerateName = "vxmesh-", NamespaceProperty = target.NamespaceProperty ?? ns },
            InvolvedObject = target,
            Reason = reason,
            Message = message.Length > 1000 ? message[..1000] + "…" : message,
            Type = "Warning",
            Source = new V1EventSource { Component = "vxmesh-controller" },
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
        }, target.NamespaceProperty ?? ns, cancellationToken: cancel);
        reported.Add(key);
    }

    /// <summary>Ends a pass: problems not seen in it are over (and reported again if they return). Returns the pass's problems per reason.</summary>
    public IReadOnlyDictionary<string, int> EndPass()
    {
        reported = [.. reported.Where(current.ContainsKey)];
        var standing = current.Values.GroupBy(r => r, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        current.Clear();
        return standing;
    }
}
