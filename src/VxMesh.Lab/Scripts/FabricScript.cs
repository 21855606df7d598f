using VxMesh.Lab.Kubernetes;
using VxMesh.Lab.Layout;
using VxMesh.Lab.Registry;

namespace VxMesh.Lab.Scripts;

/// <summary>
/// The underlay: one bridge per segment holding the segment's gateway address, and one veth
/// per node whose far end is born inside the node's namespace as its eth0 (nothing ever exists
/// in the root namespace). With forwarding on, the fabric routes between its connected
/// segments (and, in an etcd lab, to etcd's link) and knows no pod or VTEP range, so only the
/// mesh can carry pod traffic across.
/// </summary>
public static class FabricScript
{
    public static NamespaceScript Build(LabLayout layout, EtcdLayout? etcd = null, ControlPlaneLayout? kubernetes = null)
    {
        var w = new ScriptWriter(layout.FabricNamespace).Ip("link set lo up");
        foreach (var s in layout.Segments)
        {
            w.Ip($"link add {s.Bridge} type bridge")
             .Ip($"addr add {s.Segment.Gateway}/{s.Segment.Cidr.PrefixLength} dev {s.Bridge}")
             .Ip($"link set {s.Bridge} up");
        }
        foreach (var node in layout.Nodes)
        {
            Port(w, node);
        }
        if (etcd is not null)
        {
            EtcdScript.Fabric(w, etcd);
        }
        if (kubernetes is not null)
        {
            ControlPlaneScript.Fabric(w, kubernetes, layout);
        }
        return w.Sysctl("net.ipv4.ip_forward=1").Build();
    }

    /// <summary>One node joining a running lab (`lab node add`): only its port on its segment's bridge.</summary>
    public static NamespaceScript Attach(string fabricNamespace, NodeLayout node)
    {
        var w = new ScriptWriter(fabricNamespace);
        Port(w, node);
        return w.Build();
    }

    private static void Port(ScriptWriter w, NodeLayout node) =>
        w.Ip($"link add {node.FabricPort} type veth peer name eth0 netns {node.Namespace}")
         .Ip($"link set {node.FabricPort} master {node.Segment.Bridge}")
         .Ip($"link set {node.FabricPort} up");
}
