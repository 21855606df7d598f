using VxMesh.Lab.Kubernetes;
using VxMesh.Lab.Layout;
using VxMesh.Lab.Runtime;

namespace VxMesh.Lab.Churn;

/// <summary>A node joining or leaving a running Kubernetes lab: its kube-proxy and node agent, its Node object.</summary>
internal static class KubernetesNode
{
    public static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(30);

    public static void Start(LabPaths paths, LabKubernetesState k8s, NodeLayout node, IEnumerable<PodLayout> labPods, AgentProgram program)
    {
        var (lab, cluster) = Of(paths, k8s, node.Cluster);
        NodeComponents.Prepare(lab.Paths, cluster, node, labPods, calicoPools: true, TimeProvider.System);
        NodeComponents.Start(lab.Binaries, lab.Paths, cluster, node, program);
    }

    public static async Task WaitReadyAsync(LabPaths paths, LabKubernetesState k8s, NodeLayout node, CancellationToken cancel)
    {
        var (lab, _) = Of(paths, k8s, node.Cluster);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var kubectl = new Kubectl(lab.Binaries, lab.Paths, k8s.Namespace);
        while (!(await ReadyAsync(kubectl, node, cancel)))
        {
            if (clock.Elapsed > ReadyWithin)
            {
                throw new LabException($"Node {node.Name} was not Ready in cluster {node.Cluster} within {ReadyWithin.TotalSeconds:0} s:\n" +
                    LogTail.Of(NodeComponents.Log(lab.Paths, node.Name, NodeComponents.NodeAgent)));
            }
            await Task.Delay(TimeSpan.FromMilliseconds(300), cancel);
        }
    }

    public static async Task DeleteAsync(LabPaths paths, LabKubernetesState k8s, LabNodeState node, CancellationToken cancel)
    {
        var (lab, _) = Of(paths, k8s, node.Cluster);
        await new Kubectl(lab.Binaries, lab.Paths, k8s.Namespace).RunAsync(node.Cluster, ["delete", "node", node.Name, "--ignore-not-found", "--wait=false"], cancel);
    }

    private static async Task<bool> ReadyAsync(Kubectl kubectl, NodeLayout node, CancellationToken cancel)
    {
        var result = await kubectl.RunAsync(node.Cluster, ["get", "node", node.Name, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}"], cancel);
        return result.Ok && result.Stdout.Trim() == "True";
    }

    private static ((KubernetesBinaries Binaries, KubernetesPaths Paths) Lab, ClusterControlPlane Cluster) Of(LabPaths paths, LabKubernetesState k8s, string cluster)
    {
        var api = k8s.Cluster(cluster) ?? throw new LabInputException($"cluster {cluster} has no control plane in this lab");
        return ((new KubernetesBinaries(k8s.Binaries), new KubernetesPaths(paths)), api.ControlPlane);
    }
}
