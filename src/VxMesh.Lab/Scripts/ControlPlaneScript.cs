using VxMesh.Lab.Kubernetes;
using VxMesh.Lab.Layout;

namespace VxMesh.Lab.Scripts;

/// <summary>
/// The Kubernetes lab's wiring: the control-plane namespace on its own link from the fabric (one
/// address per cluster's API server), and the client namespace as one more host on the first
/// segment's bridge. Both have a default route via the fabric, which already forwards.
/// </summary>
public static class ControlPlaneScript
{
    /// <summary>Lines the fabric script adds: both veths are born here, their far ends in the two namespaces.</summary>
    internal static void Fabric(ScriptWriter w, ControlPlaneLayout k8s, LabLayout layout)
    {
        w.Ip($"link add {ControlPlaneLayout.FabricPort} type veth peer name eth0 netns {k8s.Namespace}")
         .Ip($"addr add {k8s.FabricAddress}/{k8s.Link.PrefixLength} dev {ControlPlaneLayout.FabricPort}")
         .Ip($"link set {ControlPlaneLayout.FabricPort} up");
        var bridge = layout.Segments.First(s => s.Segment.Name == k8s.Client.Segment).Bridge;
        w.Ip($"link add {ClientLayout.FabricPort} type veth peer name eth0 netns {k8s.Client.Namespace}")
         .Ip($"link set {ClientLayout.FabricPort} master {bridge}")
         .Ip($"link set {ClientLayout.FabricPort} up");
    }

    /// <summary>Inside the control-plane namespace: lo carries etcd; eth0 every API server's address.</summary>
    public static NamespaceScript ControlPlane(ControlPlaneLayout k8s)
    {
        var w = new ScriptWriter(k8s.Namespace).Ip("link set lo up");
        foreach (var cluster in k8s.Clusters)
        {
            w.Ip($"addr add {cluster.Address}/{k8s.Link.PrefixLength} dev eth0");
        }
        return w.Ip("link set eth0 up")
            .Ip($"route add default via {k8s.FabricAddress} dev eth0")
            .Build();
    }

    public static NamespaceScript Client(ClientLayout client) =>
        new ScriptWriter(client.Namespace)
            .Ip("link set lo up")
            .Ip($"addr add {client.Address}/{client.PrefixLength} dev eth0")
            .Ip("link set eth0 up")
            .Ip($"route add default via {client.Gateway} dev eth0")
            .Build();
}
