using VxMesh.Lab.Runtime;

namespace VxMesh.Lab.Kubelet;

/// <summary>
/// Finds a Kubernetes pod of the lab by name for `lab exec`: NAME, or CLUSTER/NAME when two
/// clusters (or namespaces) have a pod of that name; NAMESPACE/NAME and CLUSTER/NAMESPACE/NAME work too.
/// </summary>
public static class PodLookup
{
    public static PodRecord? Find(LabPaths paths, string name, out string? problem)
    {
        problem = null;
        var parts = name.Split('/');
        var matches = PodRecord.All(paths.Directory).Where(r => parts switch
        {
            [var pod] => r.Name == pod,
            [var first, var pod] => r.Name == pod && (r.Cluster == first || r.Namespace == first),
            [var cluster, var ns, var pod] => r.Name == pod && r.Cluster == cluster && r.Namespace == ns,
            _ => false,
        }).ToList();
        if (matches.Count > 1)
        {
            problem = $"'{name}' names {matches.Count} pods: {string.Join(", ", matches.Select(m => $"{m.Cluster}/{m.Namespace}/{m.Name}"))}; write CLUSTER/NAME or CLUSTER/NAMESPACE/NAME";
            return null;
        }
        return matches.FirstOrDefault();
    }

    /// <summary>
    /// The command line entering the pod: into its first live container's namespaces (network,
    /// mounts — its volumes are visible — and hostname), else into its network namespace.
    /// </summary>
    /// <param name="nodeNamespace">The pod's node's namespace: a hostNetwork pod's network.</param>
    /// <remarks>
    /// A recorded pid is trusted only while it still lives in the pod's network namespace (a pid can
    /// be reused; nginx rewrites its own environment, so the lab's marker cannot be read there).
    /// </remarks>
    public static async Task<IReadOnlyList<string>> EnterAsync(PodRecord pod, string nodeNamespace, IReadOnlyList<string> command, CancellationToken cancel)
    {
        var ns = pod.Netns ?? nodeNamespace;
        foreach (var pid in pod.Containers.Values.Where(ProcInfo.IsAlive))
        {
            if ((await Netns.IdentifyAsync(pid, cancel)).Contains(ns))
            {
                return ["nsenter", "-t", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "-n", "-m", "-u", "--", .. command];
            }
        }
        return ["ip", .. Netns.Exec(ns, command)];
    }
}
