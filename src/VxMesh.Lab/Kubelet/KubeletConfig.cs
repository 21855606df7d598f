using System.Net;
using System.Text.Json;
using VxMesh.Core.Model;
using VxMesh.Core.Rendering;

namespace VxMesh.Lab.Kubelet;

/// <summary>
/// What one node agent (the lab's stand-in for the kubelet) is told, written by `lab up` next to
/// the node's other files and read once at start: who the node is, where its API server is (its
/// kubeconfig), which block addresses its pods may take, and where its files go.
/// </summary>
/// <param name="ReservedAddresses">Addresses of the node's blocks taken by the lab's own echo pods.</param>
/// <param name="HostPathRoot">What hostPath volumes see as `/`: a per-node directory of the lab.</param>
/// <param name="MountPointsFile">Where directories created on the machine as mount points are recorded, for `lab down`.</param>
/// <param name="ToolsDirectory">Put first on containers' PATH: holds `vxmesh`, this checkout's build.</param>
/// <param name="CalicoPools">Keep the node's NAT sets equal to the cluster's IPPools, as felix does (calico-style clusters).</param>
public sealed record KubeletConfig(
    string Lab,
    string LabDirectory,
    string Cluster,
    CniKind Cni,
    string Node,
    string NodeNamespace,
    IPAddress NodeIp,
    IReadOnlyList<IPNetwork> Blocks,
    int PodMtu,
    IReadOnlyList<IPAddress> ReservedAddresses,
    string Kubeconfig,
    string ClientCa,
    string ServingCertificate,
    string ServingKey,
    string NodeDirectory,
    string HostPathRoot,
    string MountPointsFile,
    string ToolsDirectory,
    bool CalicoPools)
{
    public const string FileName = "kubelet.json";

    public string PodsDirectory => Path.Combine(NodeDirectory, "pods");

    public void Save(string path) => File.WriteAllText(path, JsonFormat.Serialize(this));

    public static KubeletConfig Load(string path) =>
        JsonSerializer.Deserialize<KubeletConfig>(File.ReadAllText(path), JsonFormat.Options)
        ?? throw new InvalidDataException($"{path} holds no node agent configuration");
}
