using k8s.Models;

namespace VxMesh.Lab.Kubelet;

/// <summary>What the node agent found in a pod's spec that it cannot honour.</summary>
/// <param name="Unsupported">Fields it does not implement: the pod does not start, and says why.</param>
/// <param name="NotEnforced">Fields it accepts but does not enforce (resource limits): the pod runs, with a Warning event.</param>
public sealed record PodSupportReport(IReadOnlyList<string> Unsupported, IReadOnlyList<string> NotEnforced)
{
    public bool CanRun => Unsupported.Count == 0;

    public string Message => $"the vxmesh lab node agent does not support {string.Join("; ", Unsupported)}";
}

/// <summary>
/// The line between what the lab's node agent runs faithfully and what it refuses, checked
/// before anything of a pod is created — never a silently half-run pod. Supported: containers
/// from the image catalog with command/args/workingDir, env (values, fieldRef of the pod's name,
/// namespace, uid, labels, annotations, node name, service account, pod and host IP;
/// configMapKeyRef, secretKeyRef), envFrom, hostNetwork, volumes emptyDir, hostPath, configMap,
/// secret (the service-account token among them), volumeMounts (subPath, readOnly), probes
/// (httpGet, tcpSocket, exec), lifecycle.preStop, restartPolicy, graceful termination. Pure.
/// </summary>
public static class PodSupport
{
    private static readonly HashSet<string> FieldPaths = new(StringComparer.Ordinal)
    {
        "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName",
        "status.podIP", "status.podIPs", "status.hostIP",
    };

    public static PodSupportReport Check(V1Pod pod)
    {
        var spec = pod.Spec;
        var problems = new List<string>();
        var notEnforced = new List<string>();
        if (spec.InitContainers is { Count: > 0 })
        {
            problems.Add("spec.initContainers");
        }
        if (spec.EphemeralContainers is { Count: > 0 })
        {
            problems.Add("spec.ephemeralContainers");
        }
        if (spec.HostPID == true)
        {
            problems.Add("spec.hostPID");
        }
        if (spec.HostIPC == true)
        {
            problems.Add("spec.hostIPC");
        }
        if (spec.ShareProcessNamespace == true)
        {
            problems.Add("spec.shareProcessNamespace");
        }
        if (spec.ActiveDeadlineSeconds is not null)
        {
            problems.Add("spec.activeDeadlineSeconds");
        }
        if (spec.ReadinessGates is { Count: > 0 })
        {
            problems.Add("spec.readinessGates");
        }
        if (spec.HostAliases is { Count: > 0 })
        {
            problems.Add("spec.hostAliases");
        }
        if (spec.SecurityContext is { } psc)
        {
            CheckUser("spec.securityContext", psc.RunAsUser, psc.RunAsGroup, psc.RunAsNonRoot, problems);
            if (psc.FsGroup is not null)
            {
                problems.Add("spec.securityContext.fsGroup");
            }
            if (psc.Sysctls is { Count: > 0 })
            {
                problems.Add("spec.securityContext.sysctls");
            }
        }
        foreach (var (volume, i) in (spec.Volumes ?? []).Select((v, i) => (v, i)))
        {
            if (volume.EmptyDir is null && volume.HostPath is null && volume.ConfigMap is null && volume.Secret is null)
            {
                problems.Add($"spec.volumes[{i}] ({volume.Name}): only emptyDir, hostPath, configMap and secret volumes");
            }
            if (volume.HostPath?.Type is { Length: > 0 } type && type is not ("DirectoryOrCreate" or "Directory" or "FileOrCreate" or "File"))
            {
                problems.Add($"spec.volumes[{i}].hostPath.type {type}");
            }
        }
        foreach (var (container, i) in spec.Containers.Select((c, i) => (c, i)))
        {
            CheckContainer(container, $"spec.containers[{i}]", spec.HostNetwork == true, problems, notEnforced);
        }
        return new PodSupportReport(problems, notEnforced);
    }

    private static void CheckContainer(V1Container c, string at, bool hostNetwork, List<string> problems, List<string> notEnforced)
    {
        if (ImageCatalog.Resolve(c.Image) is null)
        {
            problems.Add($"{at}.image {c.Image} (the lab runs only {string.Join(", ", ImageCatalog.Known)}, any tag or registry)");
        }
        foreach (var env in c.Env ?? [])
        {
            if (env.ValueFrom is not { } from)
            {
                continue;
            }
            if (from.ResourceFieldRef is not null)
            {
                problems.Add($"{at}.env {env.Name}: valueFrom.resourceFieldRef");
            }
            if (from.FieldRef is { } field && !FieldPaths.Contains(field.FieldPath) && !IsLabelOrAnnotation(field.FieldPath))
            {
                problems.Add($"{at}.env {env.Name}: fieldRef {field.FieldPath}");
            }
        }
        if (!hostNetwork && c.Ports?.Any(p => p.HostPort is > 0) == true)
        {
            problems.Add($"{at}.ports[].hostPort (use hostNetwork: true)");
        }
        foreach (var mount in c.VolumeMounts ?? [])
        {
            if (mount.SubPathExpr is { Length: > 0 })
            {
                problems.Add($"{at}.volumeMounts {mount.Name}: subPathExpr");
            }
            if (mount.MountPropagation is { Length: > 0 } propagation && propagation != "None")
            {
                problems.Add($"{at}.volumeMounts {mount.Name}: mountPropagation {propagation}");
            }
        }
        foreach (var (probe, name) in new[] { (c.LivenessProbe, "livenessProbe"), (c.ReadinessProbe, "readinessProbe"), (c.StartupProbe, "startupProbe") })
        {
            if (probe is not null && probe.HttpGet is null && probe.TcpSocket is null && probe.Exec is null)
            {
                problems.Add($"{at}.{name}: only httpGet, tcpSocket and exec probes");
            }
        }
        if (c.Lifecycle?.PostStart is not null)
        {
            problems.Add($"{at}.lifecycle.postStart");
        }
        if (c.Lifecycle?.PreStop is { } preStop && preStop.Exec is null && preStop.HttpGet is null)
        {
            problems.Add($"{at}.lifecycle.preStop: only exec and httpGet");
        }
        if (c.SecurityContext is { } sc)
        {
            CheckUser($"{at}.securityContext", sc.RunAsUser, sc.RunAsGroup, sc.RunAsNonRoot, problems);
            if (sc.ReadOnlyRootFilesystem == true)
            {
                problems.Add($"{at}.securityContext.readOnlyRootFilesystem");
            }
        }
        if (c.Stdin == true || c.Tty == true)
        {
            problems.Add($"{at}.stdin/tty");
        }
        if (c.Resources?.Limits is { Count: > 0 } limits)
        {
            notEnforced.Add($"{at}.resources.limits ({string.Join(", ", limits.Keys)})");
        }
    }

    /// <summary>Containers run as root here: any other identity is refused rather than ignored.</summary>
    private static void CheckUser(string at, long? user, long? group, bool? nonRoot, List<string> problems)
    {
        if (user is > 0 || group is > 0 || nonRoot == true)
        {
            problems.Add($"{at}: running as a user other than root (runAsUser/runAsGroup/runAsNonRoot)");
        }
    }

    private static bool IsLabelOrAnnotation(string path) =>
        path.StartsWith("metadata.labels['", StringComparison.Ordinal) || path.StartsWith("metadata.annotations['", StringComparison.Ordinal);
}
