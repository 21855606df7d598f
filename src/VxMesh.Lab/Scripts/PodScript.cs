using VxMesh.Core.Model;
using VxMesh.Lab.Layout;

namespace VxMesh.Lab.Scripts;

/// <summary>
/// Inside a pod: the address and the default route, as each CNI sets them. Calico gives a /32
/// and a default route via 169.254.1.1, an address no interface holds: the host veth answers
/// its ARP by proxy. Flannel gives an address of the block with cni0's .1 as the gateway.
/// </summary>
public static class PodScript
{
    public static NamespaceScript Build(PodLayout pod)
    {
        var w = new ScriptWriter(pod.Namespace).Ip("link set lo up");
        if (pod.Cni == CniKind.Flannel)
        {
            w.Ip($"addr add {pod.Ip}/{pod.Block.PrefixLength} dev eth0")
             .Ip("link set eth0 up")
             .Ip($"route add default via {pod.Gateway} dev eth0");
        }
        else
        {
            w.Ip($"addr add {pod.Ip}/32 dev eth0")
             .Ip("link set eth0 up")
             .Ip($"route add default via {pod.Gateway} dev eth0 onlink");
        }
        return w.Build();
    }
}
