using VxMesh.Core.Model;
using VxMesh.Lab.Layout;
using VxMesh.Lab.Topology;

namespace VxMesh.Lab.Scripts;

/// <summary>
/// The whole lab as scripts, in the order they must run: namespaces, then the fabric (it
/// creates every node's eth0), then the nodes (each creates its pods' eth0), then the pods.
/// Scripts within one stage touch disjoint namespaces, so a stage runs in parallel.
/// </summary>
public sealed record BuildPlan(
    LabLayout Layout,
    ValueList<string> Namespaces,
    NamespaceScript Fabric,
    ValueList<NamespaceScript> Nodes,
    ValueList<NamespaceScript> Pods)
{
    public static BuildPlan Create(LabTopology topology)
    {
        var layout = LayoutBuilder.Build(topology);
        return new BuildPlan(
            layout,
            layout.Namespaces.ToValueList(),
            FabricScript.Build(layout),
            layout.Nodes.Select(n => NodeScript.Build(layout, topology.Inventory, n)).ToValueList(),
            layout.Pods.Select(PodScript.Build).ToValueList());
    }

    public override string ToString() =>
        string.Join("\n\n", new[] { Fabric }.Concat(Nodes).Concat(Pods).Select(s => s.ToString()));
}
