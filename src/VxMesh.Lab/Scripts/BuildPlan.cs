using VxMesh.Core.Model;
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
public sealed record BuildPlan(
    LabLayout Layout,
    ValueList<string> Namespaces,
    NamespaceScript Fabric,
    ValueList<NamespaceScript> Nodes,
    ValueList<NamespaceScript> Pods,
    EtcdLayout? Etcd = null,
    NamespaceScript? EtcdNamespace = null)
{
    public static BuildPlan Create(LabTopology topology, bool withEtcd = false)
    {
        var layout = LayoutBuilder.Build(topology);
        var etcd = withEtcd ? EtcdPlacement.Choose(topology) : null;
        return new BuildPlan(
            layout,
            layout.Namespaces.Concat(etcd is null ? [] : [etcd.Namespace]).ToValueList(),
            FabricScript.Build(layout, etcd),
            layout.Nodes.Select(n => NodeScript.Build(layout, topology.Inventory, n)).ToValueList(),
            layout.Pods.Select(PodScript.Build).ToValueList(),
            etcd,
            etcd is null ? null : EtcdScript.Build(etcd));
    }

    public override string ToString() =>
        string.Join("\n\n", new[] { Fabric }.Concat(EtcdNamespace is null ? [] : [EtcdNamespace]).Concat(Nodes).Concat(Pods).Select(s => s.ToString()));
}
