using k8s;
using k8s.Models;
using VxMesh.Lab.Runtime;

namespace VxMesh.Lab.Kubelet;

/// <summary>One bind mount of a container: a directory or file of the lab onto the path the spec names.</summary>
public sealed record VolumeMount(string Source, string Target, bool ReadOnly, bool IsFile);

/// <summary>
/// A pod's volumes as directories of the lab: emptyDir under the pod's directory, hostPath under the
/// node's hostpath root (so seeds/002's `/data` is a per-node directory of the lab, never the
/// machine's), configMap and secret (the service-account token among them) written out as files
/// with their modes. Each container then sees them where its volumeMounts say, through bind mounts
/// in its own mount namespace.
/// </summary>
public static class PodVolumes
{
    public static async Task<IReadOnlyDictionary<string, string>> PrepareAsync(IKubernetes client, V1Pod pod, string podDirectory,
        string hostPathRoot, CancellationToken cancel)
    {
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        var ns = pod.Metadata.NamespaceProperty;
        foreach (var volume in pod.Spec.Volumes ?? [])
        {
            var own = Path.Combine(podDirectory, "volumes", volume.Name);
            if (volume.EmptyDir is not null)
            {
                Directory.CreateDirectory(own);
                paths[volume.Name] = own;
            }
            else if (volume.HostPath is { } host)
            {
                paths[volume.Name] = HostPath(hostPathRoot, host);
            }
            else if (volume.ConfigMap is { } cm)
            {
                var data = await ContainerEnvironment.ConfigMapAsync(client, ns, cm.Name, cm.Optional, cancel);
                paths[volume.Name] = WriteFiles(own, data, cm.Items, cm.DefaultMode);
            }
            else if (volume.Secret is { } secret)
            {
                var data = await ContainerEnvironment.SecretAsync(client, ns, secret.SecretName, secret.Optional, cancel);
                paths[volume.Name] = WriteFiles(own, data, secret.Items, secret.DefaultMode);
            }
        }
        return paths;
    }

    /// <summary>The container's mounts; a subPath that does not exist yet becomes a directory, as the kubelet makes it.</summary>
    public static IReadOnlyList<VolumeMount> MountsOf(V1Container container, IReadOnlyDictionary<string, string> volumes)
    {
        var result = new List<VolumeMount>();
        foreach (var mount in container.VolumeMounts ?? [])
        {
            if (!volumes.TryGetValue(mount.Name, out var source))
            {
                throw new ContainerConfigException($"volumeMount {mount.Name} names no volume of the pod");
            }
            if (mount.SubPath is { Length: > 0 } sub)
            {
                if (sub.Split('/').Contains("..") || Path.IsPathRooted(sub))
                {
                    throw new ContainerConfigException($"volumeMount {mount.Name}: subPath {sub} must be a relative path inside the volume");
                }
                source = Path.Combine(source, sub);
                if (!File.Exists(source) && !Directory.Exists(source))
                {
                    Directory.CreateDirectory(source);
                }
            }
            result.Add(new VolumeMount(source, mount.MountPath, mount.ReadOnlyProperty == true, File.Exists(source)));
        }
        return result;
    }

    private static string HostPath(string root, V1HostPathVolumeSource host)
    {
        var relative = host.Path.TrimStart('/');
        if (relative.Split('/').Contains(".."))
        {
            throw new ContainerConfigException($"hostPath {host.Path} leaves the node's directory");
        }
        var path = Path.Combine(root, relative);
        switch (host.Type)
        {
            case "Directory" when !Directory.Exists(path):
                throw new ContainerConfigException($"hostPath type check failed: {host.Path} is not a directory (the node's hostPath root is {root})");
            case "File" when !File.Exists(path):
                throw new ContainerConfigException($"hostPath type check failed: {host.Path} is not a file (the node's hostPath root is {root})");
            case "FileOrCreate" when !File.Exists(path):
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, "");
                break;
            default:
                if (!File.Exists(path))
                {
                    Directory.CreateDirectory(path);
                }
                break;
        }
        return path;
    }

    private static string WriteFiles(string directory, IReadOnlyDictionary<string, string> data, IList<V1KeyToPath>? items, int? defaultMode)
    {
        Directory.CreateDirectory(directory);
        var files = items is { Count: > 0 }
            ? items.Select(i => (Key: i.Key, Path: i.Path, Mode: i.Mode ?? defaultMode))
            : data.Keys.Select(k => (Key: k, Path: k, Mode: defaultMode));
        foreach (var (key, relative, mode) in files)
        {
            if (!data.TryGetValue(key, out var value))
            {
                continue;
            }
            if (relative.Split('/').Contains("..") || Path.IsPathRooted(relative))
            {
                throw new ContainerConfigException($"volume item path {relative} must be relative and stay inside the volume");
            }
            var file = Path.Combine(directory, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, value);
            UnixFiles.SetMode(file, (UnixFileMode)(mode ?? 420));
        }
        return directory;
    }
}
