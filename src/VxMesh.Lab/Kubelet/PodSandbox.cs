using System.Net;
using VxMesh.Lab.Layout;
using VxMesh.Lab.Runtime;
using VxMesh.Lab.Scripts;
using VxMesh.Lab.Topology;

namespace VxMesh.Lab.Kubelet;

/// <summary>
/// A pod's network: a namespace of the lab (vxlab-LAB-kHASH, from the pod's uid) wired exactly as
/// the lab's CNI emulation wires its own pods — calico: a caliXXXX veth with proxy ARP and a /32
/// route; flannel: a vethXXXX on cni0 — an address from the node's block and a default route.
/// hostNetwork pods have none (they share the node's). Removing it kills what still runs inside and
/// deletes the namespace, which takes its veth pair and the host route with it.
/// </summary>
public static class PodSandbox
{
    public static string NamespaceOf(string lab, string podUid) => LabName.Namespace(lab, "k" + LayoutBuilder.Hex(podUid, 10));

    public static async Task<PodLayout> CreateAsync(KubeletConfig config, NodeLayout node, string podName, string podUid, IPAddress ip, IPNetwork block,
        CancellationToken cancel)
    {
        var ns = NamespaceOf(config.Lab, podUid);
        var pod = LayoutBuilder.Pod(podName, node, ns, ip, block);
        await RemoveAsync(ns, cancel);
        await Netns.CreateAsync([ns], cancel);
        var host = new ScriptWriter(config.NodeNamespace);
        if (node.Cni == Core.Model.CniKind.Flannel)
        {
            FlannelWiring.Pod(host, node.PodMtu, pod);
        }
        else
        {
            CalicoWiring.Pod(host, node.PodMtu, pod);
        }
        await ScriptRunner.ApplyAsync(host.Build(), cancel);
        await ScriptRunner.ApplyAsync(PodScript.Build(pod), cancel);
        return pod;
    }

    public static async Task RemoveAsync(string ns, CancellationToken cancel)
    {
        if (!Netns.List().Contains(ns))
        {
            return;
        }
        await ProcessStopper.KillAsync(await Netns.PidsAsync(ns, cancel), cancel);
        await Netns.DeleteAsync([ns], cancel);
    }
}
