using VxMesh.Agent.Registry.Etcd;
using VxMesh.Core.Model;

namespace VxMesh.Bench.Convergence;

/// <summary>
/// The synthetic mesh (<see cref="ControlPlane.SyntheticMesh"/>) as registry records: the mesh
/// settings and both clusters as `registry load` writes them, and each peer as a static
/// registration (no lease), which agents treat exactly like a live one. The measured node,
/// "self", is not written here: its real agent registers it.
/// </summary>
internal static class SyntheticRegistry
{
    public const string Agent = "vxmesh-bench";

    public static async Task LoadAsync(NamespacedEtcd etcd, RegistryKeys keys, Inventory mesh, CancellationToken cancel)
    {
        var now = DateTimeOffset.UtcNow;
        await etcd.PutAsync(keys.Mesh, MeshRecord.From(mesh.Mesh, now), cancel);
        foreach (var cluster in mesh.Clusters)
        {
            await etcd.PutAsync(keys.Cluster(cluster.Name),
                new ClusterRecord(cluster.Name, cluster.Cni, cluster.PodCidrs, cluster.ServiceCidrs, cluster.PodMtu, now), cancel);
        }
        var remote = mesh.Clusters[1];
        await etcd.PutManyAsync(remote.Nodes.Select(n => (keys.Node(remote.Name, n.Name), Registration(remote.Name, n, now))).ToList(), cancel);
    }

    public static NodeRegistration Registration(string cluster, NodeSpec node, DateTimeOffset now) =>
        new(cluster, node.Name, node.Ip, node.UnderlayDev, node.VtepIp, node.VtepMac, node.PodCidrs, now, now, Agent);
}
