using VxMesh.Lab.Layout;

namespace VxMesh.Lab.Scripts;

/// <summary>
/// Flannel's pod wiring (seeds/001): a cni0 bridge holding each block's .1 as the pods'
/// gateway (the kernel route `<block> dev cni0 proto kernel`), and one vethXXXXXXXX per pod enslaved to it.
/// </summary>
internal static class FlannelWiring
{
    public static void Pods(ScriptWriter w, NodeLayout node, IReadOnlyList<PodLayout> pods)
    {
        w.Ip("link add cni0 type bridge")
         .Ip($"link set cni0 mtu {node.PodMtu}");
        foreach (var block in node.Blocks)
        {
            w.Ip($"addr add {LayoutBuilder.Host(block, 1)}/{block.PrefixLength} dev cni0");
        }
        w.Ip("link set cni0 up");
        foreach (var pod in pods)
        {
            Pod(w, node.PodMtu, pod);
        }
    }

    /// <summary>One pod's host side: also what the Kubernetes lab's node agent writes for a pod it starts.</summary>
    public static void Pod(ScriptWriter w, int podMtu, PodLayout pod) =>
        w.Ip($"link add {pod.HostVeth} mtu {podMtu} type veth peer name eth0 mtu {podMtu} netns {pod.Namespace}")
         .Ip($"link set {pod.HostVeth} master cni0")
         .Ip($"link set {pod.HostVeth} up");
}
