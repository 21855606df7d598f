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
    public static IReadOnlyList<string> Enter(PodRecord pod, string labDirectory, string nodeNamespace, IReadOnlyList<string> command)
    {
        var pid = pod.Containers.Values.FirstOrDefault(p => ProcInfo.IsAlive(p) && DetachedProcess.IsOurs(p, labDirectory));
        if (pid > 0)
        {
            return ["nsenter", "-t", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "-n", "-m", "-u", "--", .. command];
        }
        return ["ip", .. Netns.Exec(pod.Netns ?? nodeNamespace, command)];
    }
}
