using VxMesh.Lab.Runtime;

namespace VxMesh.Lab.Kubernetes;

/// <summary>A Kubernetes lab's control planes as they are now, for `lab status`.</summary>
/// <param name="Components">kube-apiserver, kube-controller-manager, kube-scheduler → running or dead.</param>
/// <param name="ReadyNodes">Nodes whose Ready condition is True, as the API server says (empty when it does not answer).</param>
public sealed record ClusterApiStatus(
    string Name, string Server, string Kubeconfig, IReadOnlyDictionary<string, string> Components,
    IReadOnlyList<string> ReadyNodes, IReadOnlyList<string> NotReadyNodes);

/// <param name="Nodes">Per node: kube-proxy and the node agent → running or dead.</param>
public sealed record KubernetesStatusReport(
    string Namespace, string ClientNamespace, string Binaries, string Etcd, IReadOnlyList<ClusterApiStatus> Clusters,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Nodes)
{
    public bool Healthy =>
        Etcd == "running" && Clusters.All(c => c.Components.Values.All(v => v == "running") && c.NotReadyNodes.Count == 0)
        && Nodes.Values.All(n => n.Values.All(v => v == "running"));

    public static async Task<KubernetesStatusReport> ReadAsync(LabState state, LabKubernetesState k8s, CancellationToken cancel)
    {
        var paths = new KubernetesPaths(LabPaths.For(state.Lab));
        var kubectl = Kubectl.For(state);
        var clusters = new List<ClusterApiStatus>();
        foreach (var cluster in k8s.Clusters)
        {
            var components = ControlPlane.Components.ToDictionary(c => c, c => Alive(ControlPlane.RunningPid(paths, cluster.Name, c)));
            var ready = components[ComponentCommands.ApiServer] == "running" ? await kubectl.ReadyNodesAsync(cluster.Name, cancel) : new HashSet<string>();
            var members = state.Nodes.Where(n => n.Cluster == cluster.Name).Select(n => n.Name).ToList();
            clusters.Add(new ClusterApiStatus(cluster.Name, cluster.Server, cluster.Kubeconfig, components,
                members.Where(ready.Contains).ToList(), members.Where(n => !ready.Contains(n)).ToList()));
        }
        var nodes = state.Nodes.ToDictionary(n => n.Name, n => (IReadOnlyDictionary<string, string>)new Dictionary<string, string>
        {
            [ComponentCommands.Proxy] = Alive(NodeComponents.RunningPid(paths, n.Name, ComponentCommands.Proxy)),
            ["node-agent"] = Alive(NodeComponents.RunningPid(paths, n.Name, NodeComponents.NodeAgent)),
        });
        return new KubernetesStatusReport(k8s.Namespace, k8s.ClientNamespace, k8s.Binaries,
            Alive(Registry.EtcdServer.RunningPid(paths.Etcd)), clusters, nodes);
    }

    private static string Alive(int? pid) => pid is null ? "dead" : "running";
}
