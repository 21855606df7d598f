using k8s;
using k8s.Models;
using VxMesh.Agent.Registry.Etcd;

namespace VxMesh.Kubernetes.NodeSource;

/// <summary>
/// The agent's word about its node on the Node object, as flannel writes its backend data there:
/// the VTEP MAC and address peers program for it and the underlay address it registered.
/// A JSON merge patch of three annotations, nothing else.
/// </summary>
public static class NodeAnnotations
{
    public static IReadOnlyDictionary<string, string?> Of(NodeRegistration registration) => new Dictionary<string, string?>
    {
        [Names.VtepMacAnnotation] = registration.VtepMac is { } mac ? Core.Model.Mac.Format(mac) : null,
        [Names.VtepIpAnnotation] = registration.VtepIp?.ToString(),
        [Names.PublicIpAnnotation] = registration.Ip.ToString(),
    };

    public static Task WriteAsync(IKubernetes client, string node, NodeRegistration registration, CancellationToken cancel) =>
        client.CoreV1.PatchNodeAsync(
            new V1Patch(new V1Node { Metadata = new V1ObjectMeta { Annotations = Of(registration).Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!) } },
                V1Patch.PatchType.MergePatch),
            node, cancellationToken: cancel);
}
