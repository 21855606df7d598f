using System.Net;
using System.Text.Json;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;
using VxMesh.Core.Rendering;
using VxMesh.Lab.Kubernetes;
using VxMesh.Lab.Layout;
using VxMesh.Lab.Registry;
using VxMesh.Lab.Topology;

namespace VxMesh.Lab.Runtime;

/// <summary>
/// What a running lab is, written when it is built and rewritten by the churn verbs (node add,
/// rm, crash); read by status, exec, verify and down: they need the names and addresses without
/// re-reading (or still having) the topology file. In an etcd lab the node list is the lab's
/// own record of which nodes it built, not the mesh's membership (etcd holds that).
/// </summary>
/// <param name="Registry">The lab's etcd in etcd mode; null in file mode.</param>
/// <param name="Kubernetes">The lab's control planes (`lab up --kubernetes`); null otherwise.</param>
public sealed record LabState(
    string Lab,
    string Source,
    DateTimeOffset Created,
    string Inventory,
    bool Ippools,
    string FabricNamespace,
    IReadOnlyList<LabNodeState> Nodes,
    IReadOnlyList<LabPodState> Pods,
    LabRegistryState? Registry = null,
    LabKubernetesState? Kubernetes = null)
{
    public static LabState From(LabTopology topology, LabLayout layout, LabPaths paths, DateTimeOffset created, LabRegistryState? registry = null) =>
        new(topology.Name, topology.Inventory.Source, created, paths.Inventory, layout.Ippools, layout.FabricNamespace,
            layout.Nodes.Select(n => LabNodeState.Of(n, Planner.Plan(topology.Inventory, n.Name).Address.Address)).ToList(),
            layout.Pods.Select(LabPodState.Of).ToList(), registry);

    /// <summary>The namespace of a node or pod called <paramref name="name"/> (or the fabric, or etcd), or null.</summary>
    public string? NamespaceOf(string name) =>
        Nodes.FirstOrDefault(n => n.Name == name)?.Namespace ?? Pods.FirstOrDefault(p => p.Name == name)?.Namespace
        ?? (name == PodNaming.Fabric ? FabricNamespace : null)
        ?? (name == EtcdLayout.Member ? Registry?.Namespace : null)
        ?? Kubernetes?.NamespaceOf(name);

    public LabNodeState? FindNode(string name) => Nodes.FirstOrDefault(n => n.Name == name);

    /// <summary>Written to a temporary file first and renamed, so a reader never sees half a state.</summary>
    public void Save(LabPaths paths)
    {
        var temporary = paths.State + ".tmp";
        File.WriteAllText(temporary, JsonFormat.Serialize(this));
        File.Move(temporary, paths.State, overwrite: true);
    }

    /// <summary>The lab's state, or a <see cref="LabInputException"/> saying the lab is not up.</summary>
    public static LabState Require(string lab, LabPaths paths) =>
        Load(paths) ?? throw new LabInputException($"lab '{lab}' is not up (no {paths.State})");

    /// <summary>Null when the lab has no (readable) state file.</summary>
    public static LabState? Load(LabPaths paths)
    {
        try
        {
            return JsonSerializer.Deserialize<LabState>(File.ReadAllText(paths.State), JsonFormat.Options);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}

/// <param name="VxlanAddress">The node's VXLAN device address: what a remote pod sees when the node masquerades.</param>
/// <param name="Blocks">The node's pod blocks (in etcd mode its agent discovers them from the kernel; the lab wired them).</param>
/// <param name="FabricPort">The fabric-side end of its underlay veth (veth-nN).</param>
public sealed record LabNodeState(
    string Name, string Cluster, CniKind Cni, string Namespace, IPAddress Ip, string Segment, IPAddress VxlanAddress,
    IReadOnlyList<IPNetwork> Blocks, string FabricPort)
{
    public static LabNodeState Of(NodeLayout n, IPAddress vxlanAddress) =>
        new(n.Name, n.Cluster, n.Cni, n.Namespace, n.Ip, n.Segment.Segment.Name, vxlanAddress, n.Blocks, n.FabricPort);
}

public sealed record LabPodState(string Name, string Node, string Cluster, string Namespace, IPAddress Ip)
{
    public static LabPodState Of(PodLayout p) => new(p.Name, p.Node, p.Cluster, p.Namespace, p.Ip);
}

/// <summary>An etcd lab's registry: etcd's namespace and address, and the TTL its agents register with.</summary>
/// <param name="LeaseTtlSeconds">The agents' --lease-ttl: how long a crashed node stays in its peers' kernels.</param>
/// <param name="Tls">etcd serves TLS from the lab CA, with client certificates and auth on (<see cref="LabPki"/>).</param>
public sealed record LabRegistryState(string Namespace, IPNetwork Link, IPAddress Address, string ClientUrl, int LeaseTtlSeconds, bool Tls = false)
{
    public static LabRegistryState Of(EtcdLayout etcd, int leaseTtlSeconds) =>
        new(etcd.Namespace, etcd.Link, etcd.Address, etcd.ClientUrl, leaseTtlSeconds, Tls: true);

    public static EtcdFiles Files(LabPaths paths) => new(paths.EtcdData, paths.EtcdPid, paths.EtcdLog, paths.Directory);

    /// <summary>The lab's certificates; null for an etcd without TLS.</summary>
    public LabPki? Pki(LabPaths paths) => Tls ? new LabPki(paths.Pki) : null;
}

/// <summary>A Kubernetes lab's control planes: where each API server is and the kubeconfig that reaches it.</summary>
/// <param name="Namespace">The control-plane namespace (etcd and every cluster's components).</param>
/// <param name="ClientNamespace">A host on the first segment outside every cluster (NodePort clients).</param>
/// <param name="Binaries">The directory of the Kubernetes binaries the lab runs.</param>
/// <param name="Installed">VxMesh runs as installed from deploy/ (DaemonSet and controller), not as the lab's own agents.</param>
public sealed record LabKubernetesState(
    string Namespace, string ClientNamespace, IPAddress ClientAddress, string Binaries, IReadOnlyList<LabClusterApi> Clusters, bool Installed = false)
{
    public string? NamespaceOf(string name) => name switch
    {
        ControlPlaneLayout.Member => Namespace,
        ClientLayout.Member => ClientNamespace,
        _ => null,
    };

    public LabClusterApi? Cluster(string name) => Clusters.FirstOrDefault(c => c.Name == name);

    public static LabKubernetesState Of(ControlPlaneLayout layout, KubernetesPaths paths, KubernetesBinaries binaries) =>
        new(layout.Namespace, layout.Client.Namespace, layout.Client.Address, binaries.Directory,
            layout.Clusters.Select(c => new LabClusterApi(c.Name, c.ApiUrl, paths.AdminKubeconfig(c.Name), c)).ToList());
}

/// <param name="Server">The API server's URL (a lab address: reachable from inside the lab).</param>
/// <param name="Kubeconfig">The cluster administrator's kubeconfig (`vxmesh lab kubectl` uses it, inside the lab).</param>
public sealed record LabClusterApi(string Name, string Server, string Kubeconfig, ClusterControlPlane ControlPlane);
