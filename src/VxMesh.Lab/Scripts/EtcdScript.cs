using VxMesh.Lab.Registry;

namespace VxMesh.Lab.Scripts;

/// <summary>
/// The etcd namespace's wiring: a veth born in the fabric (veth-etcd, the /30's first address)
/// whose far end is the etcd namespace's eth0 (its second address, default route via the
/// fabric). The fabric already forwards, so every node reaches etcd through its segment gateway.
/// </summary>
public static class EtcdScript
{
    /// <summary>Lines the fabric script adds for the etcd link.</summary>
    internal static void Fabric(ScriptWriter w, EtcdLayout etcd) =>
        w.Ip($"link add {EtcdLayout.FabricPort} type veth peer name eth0 netns {etcd.Namespace}")
         .Ip($"addr add {etcd.FabricAddress}/{etcd.Link.PrefixLength} dev {EtcdLayout.FabricPort}")
         .Ip($"link set {EtcdLayout.FabricPort} up");

    /// <summary>Inside the etcd namespace (after the fabric script created its eth0). lo carries etcd's peer URL.</summary>
    public static NamespaceScript Build(EtcdLayout etcd) =>
        new ScriptWriter(etcd.Namespace)
            .Ip("link set lo up")
            .Ip($"addr add {etcd.Address}/{etcd.Link.PrefixLength} dev eth0")
            .Ip("link set eth0 up")
            .Ip($"route add default via {etcd.FabricAddress} dev eth0")
            .Build();
}
