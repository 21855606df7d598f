using System.Net;
using System.Text.Json;
using VxMesh.Core.Rendering;

namespace VxMesh.Lab.Kubelet;

/// <summary>
/// Where a Kubernetes pod of the lab lives, written by its node agent while the pod runs and read by
/// `lab exec` (which finds a pod by name) and by a restarted node agent (which cleans up what the
/// previous one left). One file per pod: nodes/NODE/k8s-pods/UID.json.
/// </summary>
/// <param name="Netns">The pod's namespace, or null for a hostNetwork pod (the node's).</param>
/// <param name="Containers">Container name → main process pid, for entering its mount namespace.</param>
public sealed record PodRecord(
    string Name, string Namespace, string Uid, string Cluster, string Node, string? Netns, IPAddress? Ip,
    IReadOnlyDictionary<string, int> Containers)
{
    public const string Directory = "k8s-pods";

    public static string PathOf(string nodeDirectory, string uid) => Path.Combine(nodeDirectory, Directory, uid + ".json");

    public void Save(string nodeDirectory)
    {
        var path = PathOf(nodeDirectory, Uid);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path + ".tmp", JsonFormat.Serialize(this));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    /// <summary>Every record under the lab's node directories (unreadable ones skipped).</summary>
    public static IReadOnlyList<PodRecord> All(string labDirectory)
    {
        var nodes = Path.Combine(labDirectory, "nodes");
        if (!System.IO.Directory.Exists(nodes))
        {
            return [];
        }
        return System.IO.Directory.GetDirectories(nodes).Select(d => Path.Combine(d, Directory)).Where(System.IO.Directory.Exists)
            .SelectMany(d => System.IO.Directory.GetFiles(d, "*.json")).Select(Read).OfType<PodRecord>().ToList();
    }

    public static PodRecord? Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<PodRecord>(File.ReadAllText(path), JsonFormat.Options);
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }
}
