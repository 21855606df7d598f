using VxMesh.Lab.Layout;

namespace VxMesh.Lab.Scripts;

/// <summary>
/// Calico's pod wiring on the host: a caliXXXX veth per pod with proxy ARP (it answers the
/// pod's ARP for 169.254.1.1 with its own MAC), a /32 route per pod, and a blackhole route per
/// block, as seeds/001 shows (a `blackhole <block> proto bird` route): addresses of the
/// node's own block that no pod holds are dropped here instead of bouncing via the default route.
/// </summary>
internal static class CalicoWiring
{
    public static void Pods(ScriptWriter w, NodeLayout node, IReadOnlyList<PodLayout> pods)
    {
        foreach (var pod in pods)
        {
            Pod(w, node.PodMtu, pod);
        }
        foreach (var block in node.Blocks)
        {
            w.Ip($"route add blackhole {block} proto bird");
        }
    }

    /// <summary>One pod's host side: also what the Kubernetes lab's node agent writes for a pod it starts.</summary>
    public static void Pod(ScriptWriter w, int podMtu, PodLayout pod)
    {
        w.Ip($"link add {pod.HostVeth} mtu {podMtu} type veth peer name eth0 mtu {podMtu} netns {pod.Namespace}")
         .Ip($"link set {pod.HostVeth} up")
         .Ip($"route add {pod.Ip}/32 dev {pod.HostVeth} scope link");
        // Without proxy_delay=0 the kernel delays proxied ARP replies by up to 0.8 s, which
        // shows up as a slow first connection; Calico sets the same.
        w.Sysctl($"net.ipv4.conf.{pod.HostVeth}.proxy_arp=1")
         .Sysctl($"net.ipv4.neigh.{pod.HostVeth}.proxy_delay=0");
    }
}
