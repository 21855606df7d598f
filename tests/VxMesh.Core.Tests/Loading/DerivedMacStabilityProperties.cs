using System.Text;
using FsCheck.Xunit;
using VxMesh.Core.Model;
using static VxMesh.Core.Tests.Loading.TestInventories;

namespace VxMesh.Core.Tests.Loading;

/// <summary>
/// A node's derived MAC must survive inventory edits elsewhere (adding nodes before or after
/// it, adding clusters): peers cache it in FDB and neighbour entries across restarts.
/// </summary>
public class DerivedMacStabilityProperties
{
    [Property(MaxTest = 60)]
    public bool DerivedMac_OtherNodesAndClustersAdded_Unchanged(byte before, byte after, byte extraClusters, ushort salt)
    {
        var alone = Load(Document(0, 0, 0, salt));
        var crowded = Load(Document(before % 5, after % 5, extraClusters % 3, salt));
        return alone.Ok && crowded.Ok && SubjectMac(alone).Equals(SubjectMac(crowded));
    }

    [Property(MaxTest = 60)]
    public bool DerivedMacs_AnyDocument_LocallyAdministeredUnicastAndDistinct(byte before, byte after, byte extraClusters, ushort salt)
    {
        var result = Load(Document(before % 5, after % 5, extraClusters % 3, salt));
        var macs = result.Inventory!.AllNodes.Select(p => p.Node.VtepMac).ToList();
        return macs.All(m => !Mac.IsMulticast(m) && (m.GetAddressBytes()[0] & 0x02) != 0)
            && macs.Select(Mac.Format).Distinct().Count() == macs.Count;
    }

    private static System.Net.NetworkInformation.PhysicalAddress SubjectMac(VxMesh.Core.Loading.InventoryLoadResult result) =>
        result.Inventory!.FindNode("subject")!.Value.Node.VtepMac;

    /// <summary>Cluster "main" holds node "subject" with <paramref name="before"/>/<paramref name="after"/> peers around it.</summary>
    private static string Document(int before, int after, int extraClusters, int salt)
    {
        var host = 1;
        var text = new StringBuilder("clusters:\n");
        AppendCluster(text, "main", 0, Enumerable.Range(0, before).Select(i => $"peer-{salt}-b{i}")
            .Append("subject")
            .Concat(Enumerable.Range(0, after).Select(i => $"peer-{salt}-a{i}")), ref host);
        for (var c = 1; c <= extraClusters; c++)
        {
            AppendCluster(text, $"extra-{salt}-{c}", c, [$"x{c}-{salt}-1", $"x{c}-{salt}-2"], ref host);
        }
        return text.ToString();
    }

    private static void AppendCluster(StringBuilder text, string name, int index, IEnumerable<string> nodes, ref int host)
    {
        text.Append($"  - name: {name}\n    podCidrs: [10.{index}.0.0/16]\n    nodes:\n");
        var block = 0;
        foreach (var node in nodes)
        {
            text.Append($"      - name: {node}\n        ip: 192.168.50.{host++}\n        podCidrs: [10.{index}.{block++}.0/24]\n");
        }
    }
}
