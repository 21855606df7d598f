using VxMesh.Core.Model;
using VxMesh.Lab.Kubernetes;
using VxMesh.Lab.Layout;
using VxMesh.Lab.Registry;
using VxMesh.Lab.Topology;

namespace VxMesh.Lab.Scripts;

/// <summary>
/// The whole lab as scripts, in the order they must run: namespaces, then the fabric (it
/// creates every node's eth0, and etcd's), then etcd's namespace and the nodes (each creates
/// its pods' eth0), then the pods. Scripts within one stage touch disjoint namespaces, so a
/// stage runs in parallel.
/// </summary>
/// <param name="Etcd">Where the lab's etcd goes (etcd mode); null for a file lab.</param>
/// <param name="Kubernetes">Where the control planes and the client go (Kubernetes labs); null otherwise.</param>
public sealed record BuildPlan(
    LabLayout Layout,
    ValueList<string> Namespaces,
    NamespaceScript Fabric,
    ValueList<NamespaceScript> Nodes,
    ValueList<NamespaceScript> Pods,
    EtcdLayout? Etcd = null,
    NamespaceScript? EtcdNamespace = null,
    ControlPlaneLayout? Kubernetes = null,
    ValueList<NamespaceScript>? KubernetesNamespaces = null)
{
    public static BuildPlan Create(LabTopology topology, bool withEtcd = false, bool withKubernetes = false)
    {
        var layout = LayoutBuilder.Build(topology);
        var etcd = withEtcd ? EtcdPlacement.Choose(topology) : null;
        var k8s = withKubernetes ? ControlPlaneLayout.Choose(topology, etcd is null ? [] : [etcd.Link]) : null;
        return new BuildPlan(
            layout,
            layout.Namespaces.Concat(etcd is null ? [] : [etcd.Namespace])
                .Concat(k8s is null ? [] : [k8s.Namespace, k8s.Client.Namespace]).ToValueList(),
            FabricScript.Build(layout, etcd, k8s),
            layout.Nodes.Select(n => NodeScript.Build(layout, topology.Inventory, n)).ToValueList(),
            layout.Pods.Select(PodScript.Build).ToValueList(),
            etcd,
            etcd is null ? null : EtcdScript.Build(etcd),
            k8s,
            k8s is null ? null : new[] { ControlPlaneScript.ControlPlane(k8s), ControlPlaneScript.Client(k8s.Client) }.ToValueList());
    }

    /// <summary>The scripts of the stage after the fabric: etcd's and the control planes' namespaces (when there are any).</summary>
    public IEnumerable<NamespaceScript> Services =>
        (EtcdNamespace is null ? [] : new[] { EtcdNamespace }).Concat(KubernetesNamespaces ?? Enumerable.Empty<NamespaceScript>());

    public override string ToString() =>
        string.Join("\n\n", new[] { Fabric }.Concat(Services).Concat(Nodes).Concat(Pods).Select(s => s.ToString()));
}
