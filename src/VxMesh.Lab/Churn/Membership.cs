using VxMesh.Core.Addressing;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;
using VxMesh.Lab.Layout;
using VxMesh.Lab.Runtime;
using VxMesh.Lab.Topology;

namespace VxMesh.Lab.Churn;

/// <summary>
/// The lab as it is now, as an inventory: the topology's mesh settings and clusters with the
/// nodes the lab currently has (its state), not the file's. It drives the layout of a joining
/// node (pod addresses, CNI peers, pod MTU) and what each kernel should hold. A node from the
/// file keeps its entry; an added one gets what an agent in etcd mode gets: the VTEP address
/// derived from its underlay address and the MAC derived from its name. Only route
/// destinations (the blocks) are compared against kernels, so a differently allocated VTEP
/// address never matters here.
/// </summary>
public static class Membership
{
    public static Inventory Of(LabTopology topology, IEnumerable<LabNodeState> members)
    {
        var list = members.ToList();
        var mesh = topology.Inventory.Mesh;
        return topology.Inventory with
        {
            Clusters = topology.Inventory.Clusters
                .Select(c => c with { Nodes = list.Where(m => m.Cluster == c.Name).Select(m => Spec(topology, mesh, c, m)).ToValueList() })
                .ToValueList(),
        };
    }

    /// <summary>The layout of the lab with these members, every node given <paramref name="podsPerNode"/> pods.</summary>
    public static LabLayout Layout(LabTopology topology, IEnumerable<LabNodeState> members, int podsPerNode) =>
        LayoutBuilder.Build(topology with
        {
            Inventory = Of(topology, members),
            Settings = topology.Settings with { PodsPerNode = podsPerNode },
        });

    /// <summary>Destinations of the VxMesh routes <paramref name="node"/>'s kernel should hold with these members.</summary>
    public static IReadOnlySet<System.Net.IPNetwork> PlannedRoutes(Inventory membership, string node) =>
        Planner.Plan(membership, node).Routes.Select(r => r.Destination).ToHashSet();

    private static NodeSpec Spec(LabTopology topology, MeshSettings mesh, ClusterSpec cluster, LabNodeState member)
    {
        if (topology.Inventory.FindNode(member.Name) is { } file && file.Cluster.Name == cluster.Name
            && file.Node.Ip.Equals(member.Ip) && file.Node.PodCidrs.SequenceEqual(member.Blocks))
        {
            return file.Node;
        }
        var vtep = mesh.VtepCidr is { } cidr ? VtepIpDerivation.Derive(cidr, member.Ip) : null;
        return new NodeSpec(member.Name, member.Ip, "eth0", vtep, VtepMacDerivation.Derive(cluster.Name, member.Name), member.Blocks.ToValueList());
    }
}
