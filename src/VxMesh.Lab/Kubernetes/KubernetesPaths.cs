using VxMesh.Lab.Registry;
using VxMesh.Lab.Runtime;

namespace VxMesh.Lab.Kubernetes;

/// <summary>
/// A Kubernetes lab's files, under the lab's directory: the control planes' shared etcd, per
/// cluster its certificate authority, credentials, kubeconfigs and its components' pid and log
/// files, and per node the node agent's and kube-proxy's. Everything goes with `lab down`.
/// </summary>
public sealed record KubernetesPaths(LabPaths Lab)
{
    public string Directory => Path.Combine(Lab.Directory, "k8s");

    public EtcdFiles Etcd => new(Path.Combine(Directory, "etcd", "data"), Path.Combine(Directory, "etcd", "etcd.pid"),
        Path.Combine(Directory, "etcd", "etcd.log"), Lab.Directory);

    public string Cluster(string cluster) => Path.Combine(Directory, cluster);

    public string ClusterFile(string cluster, string file) => Path.Combine(Cluster(cluster), file);

    /// <summary>The cluster administrator's kubeconfig (user kubernetes-admin, group system:masters): what `lab kubectl` uses.</summary>
    public string AdminKubeconfig(string cluster) => ClusterFile(cluster, "admin.kubeconfig");

    public string ComponentPid(string cluster, string component) => ClusterFile(cluster, component + ".pid");

    public string ComponentLog(string cluster, string component) => ClusterFile(cluster, component + ".log");

    public string NodeFile(string node, string file) => Path.Combine(Lab.NodeDirectory(node), file);

    /// <summary>What a node's hostPath volumes see as `/`: a directory of the lab's per node (seeds/002's /data lives here).</summary>
    public string HostPathRoot(string node) => NodeFile(node, "hostpath");

    /// <summary>Put first on containers' PATH: `vxmesh` there runs this checkout's build (the image catalog's vxmesh image).</summary>
    public string Tools => Path.Combine(Directory, "bin");

    /// <summary>Directories the node agents created on the machine as mount points for pods' volumes, removed by `lab down` when empty.</summary>
    public string MountPoints => Path.Combine(Directory, "mountpoints");
}
