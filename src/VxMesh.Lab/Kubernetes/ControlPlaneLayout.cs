using System.Net;
using VxMesh.Core.Addressing;
using VxMesh.Core.Model;
using VxMesh.Lab.Runtime;
using VxMesh.Lab.Topology;

namespace VxMesh.Lab.Kubernetes;

/// <summary>
/// Where a Kubernetes lab's control planes live: one namespace (vxlab-LAB-k8s) joined to the
/// fabric by one veth on a free link of the lab ranges, holding the one etcd every cluster shares
/// (on the namespace's loopback, each cluster under its own key prefix) and, per cluster, a
/// kube-apiserver on its own address of the link with its kube-controller-manager and
/// kube-scheduler bound beside it. Nodes reach their API server through their default route, across
/// the same routed underlay as everything else; nothing of it is in the root namespace.
/// A client namespace (vxlab-LAB-client) on the first segment plays the machine outside the
/// clusters that NodePort services are for.
/// </summary>
public sealed record ControlPlaneLayout(
    string Namespace,
    IPNetwork Link,
    IPAddress FabricAddress,
    ValueList<ClusterControlPlane> Clusters,
    ClientLayout Client)
{
    /// <summary>The member name of the control-plane namespace; no node may be called this.</summary>
    public const string Member = "k8s";

    /// <summary>The fabric-side end of the link.</summary>
    public const string FabricPort = "veth-k8s";

    public const int ApiPort = 6443;

    /// <summary>The etcd all API servers share, on the control-plane namespace's loopback.</summary>
    public const string EtcdUrl = "http://127.0.0.1:2379";

    public ClusterControlPlane Cluster(string name) => Clusters.First(c => c.Name == name);

    public static ControlPlaneLayout Choose(LabTopology topology, IEnumerable<IPNetwork> alsoTaken)
    {
        var clusters = topology.Inventory.Clusters;
        // The fabric's end, one API server address per cluster, network and broadcast addresses.
        var prefix = 30;
        while (prefix > 24 && (1 << (32 - prefix)) < clusters.Count + 3)
        {
            prefix--;
        }
        var link = FreeLink.Choose(topology, prefix, alsoTaken)
            ?? throw new LabInputException($"no free /{prefix} is left in {AllowedRanges.Describe} for the Kubernetes control planes");
        var planes = clusters.Select((c, i) => ClusterControlPlane.Of(c, FreeLink.Host(link, 2 + i))).ToValueList();
        return new ControlPlaneLayout(LabName.Namespace(topology.Name, Member), link, FreeLink.Host(link, 1), planes,
            ClientLayout.Choose(topology));
    }
}

/// <summary>One cluster's control plane.</summary>
/// <param name="Address">kube-apiserver's advertise and bind address (also where its controller-manager and scheduler serve).</param>
/// <param name="ServiceRange">--service-cluster-ip-range: the cluster's first service CIDR.</param>
/// <param name="KubernetesServiceIp">The `kubernetes` service's ClusterIP: the range's first host.</param>
/// <param name="NodeMaskSize">--node-cidr-mask-size: the size of the cluster's node blocks.</param>
public sealed record ClusterControlPlane(
    string Name,
    CniKind Cni,
    IPAddress Address,
    IPNetwork ServiceRange,
    IPAddress KubernetesServiceIp,
    IReadOnlyList<IPNetwork> PodCidrs,
    int NodeMaskSize)
{
    public string ApiUrl => $"https://{Address}:{ControlPlaneLayout.ApiPort}";

    /// <summary>Each cluster's objects in the shared etcd live under their own prefix.</summary>
    public string EtcdPrefix => $"/registry-{Name}";

    public static ClusterControlPlane Of(ClusterSpec cluster, IPAddress address)
    {
        var range = cluster.ServiceCidrs.Count > 0
            ? cluster.ServiceCidrs[0]
            : throw new LabInputException($"cluster {cluster.Name} has no serviceCidrs: a Kubernetes lab needs one for its API server's service range");
        var mask = cluster.Nodes.SelectMany(n => n.PodCidrs).Select(b => b.PrefixLength).DefaultIfEmpty(24).Max();
        return new ClusterControlPlane(cluster.Name, cluster.Cni, address, range, FreeLink.Host(range, 1), [.. cluster.PodCidrs], mask);
    }
}

/// <summary>A host outside every cluster on the first segment: the address no node of the segment uses, counted down from its last host.</summary>
public sealed record ClientLayout(string Namespace, string Segment, IPAddress Address, int PrefixLength, IPAddress Gateway)
{
    public const string Member = "client";

    /// <summary>The fabric-side end of its veth.</summary>
    public const string FabricPort = "veth-client";

    public static ClientLayout Choose(LabTopology topology)
    {
        var segment = topology.Settings.Segments[0];
        var used = topology.Inventory.AllNodes.Select(n => n.Node.Ip).ToHashSet();
        var last = IpMath.ToInteger(segment.Cidr.BaseAddress) + ((UInt128)1 << (32 - segment.Cidr.PrefixLength)) - 2;
        for (var candidate = last; candidate > IpMath.ToInteger(segment.Gateway); candidate--)
        {
            var address = IpMath.FromInteger(candidate, segment.Cidr.BaseAddress.AddressFamily);
            if (!used.Contains(address))
            {
                return new ClientLayout(LabName.Namespace(topology.Name, Member), segment.Name, address, segment.Cidr.PrefixLength, segment.Gateway);
            }
        }
        throw new LabInputException($"segment {segment.Name} ({segment.Cidr}) has no address left for the lab's client namespace");
    }
}
