using System.Net;
using VxMesh.Lab.Runtime;

namespace VxMesh.Bench.DataPath.Paths;

/// <summary>Where a measurement starts or ends: a node's namespace (its underlay address) or a pod's.</summary>
/// <param name="Node">The node it lives on (itself, for a node).</param>
/// <param name="Segment">The underlay segment of that node.</param>
public sealed record BenchEndpoint(string Name, string Namespace, IPAddress Ip, string Node, string Cluster, string Segment, bool IsPod)
{
    public static BenchEndpoint Of(LabNodeState node) =>
        new(node.Name, node.Namespace, node.Ip, node.Name, node.Cluster, node.Segment, IsPod: false);

    public static BenchEndpoint Of(LabPodState pod, LabNodeState node) =>
        new(pod.Name, pod.Namespace, pod.Ip, pod.Node, pod.Cluster, node.Segment, IsPod: true);
}
