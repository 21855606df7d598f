using VxMesh.Core.Model;
namespace VxMesh.Core.Tests.Support;

/// <summary>
/// The shape of a generated inventory: addressing mode and, per cluster, how many pod blocks
/// each node owns. <see cref="Build"/> turns it into a valid inventory whose CIDRs cannot
/// overlap by construction:
/// cluster i owns 10.(i+1).0.0/16 for pods and 10.(101+i).0.0/16 for services; its node j sits
/// at 192.168.i.(10+j) and owns 10.(i+1).(200-3j-k).0/24 for block k. Node names are permuted
/// (n0, n7, n4, n1, …) so that inventory order and sorted order differ.
/// </summary>
public sealed record MeshShape(bool Onlink, IReadOnlyList<IReadOnlyList<int>> BlocksPerNode)
{
    public const string VtepCidr = "100.64.0.0/16";

    public int ClusterCount => BlocksPerNode.Count;

    public static string ClusterName(int cluster) => $"cluster-{cluster}";

    public static string NodeName(int cluster, int node) => $"n{node * 7 % 10}-c{cluster}";

    /// <summary>This shape with one more node (owning <paramref name="blocks"/> blocks) in <paramref name="cluster"/>.</summary>
    public MeshShape WithNodeAdded(int cluster, int blocks) =>
        this with
        {
            BlocksPerNode = BlocksPerNode.Select((nodes, i) => i == cluster ? [.. nodes, blocks] : nodes).ToList(),
        };

    /// <param name="nodeOrder">Per cluster, the order nodes are listed in (default: by index).</param>
    public Inventory Build(Func<int, IEnumerable<int>>? nodeOrder = null)
    {
        var builder = Onlink ? MeshBuilder.Onlink() : MeshBuilder.WithVtepCidr(VtepCidr);
        for (var i = 0; i < ClusterCount; i++)
        {
            var cluster = i;
            var order = nodeOrder?.Invoke(cluster) ?? Enumerable.Range(0, BlocksPerNode[cluster].Count);
            builder.Cluster(ClusterName(cluster), $"10.{cluster + 1}.0.0/16", $"10.{cluster + 101}.0.0/16", c =>
            {
                foreach (var node in order)
                {
                    c.Node(NodeName(cluster, node), $"192.168.{cluster}.{10 + node}", Blocks(cluster, node));
                }
            });
        }
        return builder.Build($"generated {this}");
    }

    private string[] Blocks(int cluster, int node) =>
        Enumerable.Range(0, BlocksPerNode[cluster][node]).Select(k => $"10.{cluster + 1}.{200 - 3 * node - k}.0/24").ToArray();

    public override string ToString() =>
        $"{(Onlink ? "onlink" : "vtepCidr")} [{string.Join(" | ", BlocksPerNode.Select(n => string.Join(",", n)))}]";
}
