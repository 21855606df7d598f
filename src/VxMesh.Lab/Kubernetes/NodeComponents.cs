using VxMesh.Core.Model;
using VxMesh.Lab.Kubelet;
using VxMesh.Lab.Layout;
using VxMesh.Lab.Runtime;

namespace VxMesh.Lab.Kubernetes;

/// <summary>
/// What runs on a node of a Kubernetes lab besides the VxMesh agent: the real kube-proxy (iptables
/// mode) and the lab's node agent in place of the kubelet, both detached inside the node's
/// namespace with their pid and log in the node's directory.
/// </summary>
public static class NodeComponents
{
    public const string NodeAgent = "kubelet";

    /// <summary>
    /// The node agents are the lab's largest .NET processes (KubernetesClient's models): measured
    /// here, without the JIT's write-xor-execute double mapping, dynamic PGO and with a conserving
    /// GC each holds ~64 MB proportional set instead of ~78 MB, with no visible cost.
    /// </summary>
    private static readonly Dictionary<string, string> Lean = new()
    {
        ["DOTNET_EnableWriteXorExecute"] = "0",
        ["DOTNET_TieredPGO"] = "0",
        ["DOTNET_GCConserveMemory"] = "5",
    };

    /// <summary>The node agent's files, its credential and serving certificate; once per node, before it starts.</summary>
    public static void Prepare(KubernetesPaths paths, ClusterControlPlane cluster, NodeLayout node, IEnumerable<PodLayout> labPods,
        bool calicoPools, TimeProvider time)
    {
        ClusterCredentials.WriteNode(paths, cluster, node.Name, time);
        Directory.CreateDirectory(paths.HostPathRoot(node.Name));
        new KubeletConfig(paths.Lab.Lab, paths.Lab.Directory, cluster.Name, node.Cni, node.Name, node.Namespace, node.Ip, node.Blocks,
            node.PodMtu, labPods.Select(p => p.Ip).ToList(), paths.NodeFile(node.Name, "kubelet.kubeconfig"),
            paths.ClusterFile(cluster.Name, "ca.crt"), paths.ClusterFile(cluster.Name, $"node-{node.Name}.crt"),
            paths.ClusterFile(cluster.Name, $"node-{node.Name}.key"), paths.Lab.NodeDirectory(node.Name), paths.HostPathRoot(node.Name),
            paths.MountPoints, paths.Tools, calicoPools && node.Cni != CniKind.Flannel)
            .Save(paths.NodeFile(node.Name, KubeletConfig.FileName));
    }

    public static void Start(KubernetesBinaries binaries, KubernetesPaths paths, ClusterControlPlane cluster, NodeLayout node, AgentProgram program)
    {
        DetachedProcess.Start($"kube-proxy of node {node.Name}", node.Namespace,
            ComponentCommands.ProxyOf(binaries, paths, cluster, node.Name, node.Ip.ToString()),
            Pid(paths, node.Name, ComponentCommands.Proxy), Log(paths, node.Name, ComponentCommands.Proxy), paths.Lab.Directory);
        DetachedProcess.Start($"the node agent of node {node.Name}", node.Namespace,
            program.Command(["lab", "kubelet", "--config", paths.NodeFile(node.Name, KubeletConfig.FileName)]),
            Pid(paths, node.Name, NodeAgent), Log(paths, node.Name, NodeAgent), paths.Lab.Directory, networkOnly: true, environment: Lean);
    }

    public static string Pid(KubernetesPaths paths, string node, string component) => paths.NodeFile(node, component + ".pid");

    public static string Log(KubernetesPaths paths, string node, string component) => paths.NodeFile(node, component + ".log");

    public static int? RunningPid(KubernetesPaths paths, string node, string component) =>
        DetachedProcess.RunningPid(Pid(paths, node, component), paths.Lab.Directory);
}
