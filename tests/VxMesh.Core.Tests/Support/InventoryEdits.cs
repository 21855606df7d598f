using System.Net;
using VxMesh.Core.Model;

namespace VxMesh.Core.Tests.Support;

/// <summary>
/// Random single-node edits an operator or a registry makes: a peer leaves, moves its underlay
/// address, gets a new MAC, swaps a pod block, or a new peer joins. Fresh values come from
/// ranges <see cref="MeshShape"/> never uses, so an edit never collides with an existing node.
/// The first node of the first cluster (the planned node) is never edited.
/// </summary>
public static class InventoryEdits
{
    public static Inventory Apply(Inventory inventory, Random random, int step)
    {
        var self = inventory.Clusters[0].Nodes[0].Name;
        var peers = inventory.AllNodes.Where(p => p.Node.Name != self).ToList();
        var kind = peers.Count == 0 ? 4 : random.Next(5);
        if (kind == 4)
        {
            var cluster = inventory.Clusters[random.Next(inventory.Clusters.Count)];
            var second = byte.Parse(cluster.PodCidrs[0].BaseAddress.ToString().Split('.')[1]);
            var vtep = inventory.Mesh.VtepCidr is null ? null : IPAddress.Parse($"100.64.200.{step % 250 + 1}");
            var node = new NodeSpec($"joined-{step}", IPAddress.Parse($"203.0.113.{step % 250 + 1}"), null, vtep,
                Mac.Parse($"02:00:00:00:fe:{step % 250 + 1:x2}"), ValueList.Of(IPNetwork.Parse($"10.{second}.{150 - step % 40}.0/24")));
            return Edit(inventory, cluster.Name, nodes => nodes.Append(node));
        }
        var (home, target) = peers[random.Next(peers.Count)];
        NodeSpec Changed(NodeSpec n) => kind switch
        {
            0 => n,
            1 => n with { Ip = IPAddress.Parse($"198.51.100.{step % 250 + 1}") },
            2 => n with { VtepMac = Mac.Parse($"02:00:00:00:fd:{step % 250 + 1:x2}") },
            _ => n with { PodCidrs = ValueList.Of(IPNetwork.Parse($"10.{byte.Parse(n.PodCidrs[0].BaseAddress.ToString().Split('.')[1])}.{100 + step % 40}.0/24")) },
        };
        return kind == 0
            ? Edit(inventory, home.Name, nodes => nodes.Where(n => n.Name != target.Name))
            : Edit(inventory, home.Name, nodes => nodes.Select(n => n.Name == target.Name ? Changed(n) : n));
    }

    private static Inventory Edit(Inventory inventory, string cluster, Func<IEnumerable<NodeSpec>, IEnumerable<NodeSpec>> edit) =>
        inventory with
        {
            Clusters = inventory.Clusters.Select(c => c.Name == cluster ? c with { Nodes = edit(c.Nodes).ToValueList() } : c).ToValueList(),
        };
}
