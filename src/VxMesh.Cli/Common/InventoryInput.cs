using VxMesh.Core.Loading;
using VxMesh.Core.Model;

namespace VxMesh.Cli.Common;

/// <summary>Loads an inventory for a verb; on problems prints every one of them and says nothing was applied.</summary>
public static class InventoryInput
{
    /// <summary>Null when the file has problems (already reported on stderr); the caller exits 2.</summary>
    public static Inventory? Load(FileInfo file)
    {
        var result = InventoryLoader.LoadFile(file.ToString());
        if (result.Ok)
        {
            return result.Inventory;
        }
        Report(file.ToString(), result.Problems);
        return null;
    }

    public static void Report(string source, IReadOnlyList<InventoryProblem> problems)
    {
        var noun = problems.Count == 1 ? "problem" : "problems";
        Console.Error.WriteLine($"vxmesh: {source} has {problems.Count:N0} {noun}; nothing was applied:");
        foreach (var line in ProblemReport.Bounded(problems))
        {
            Console.Error.WriteLine($"  {line}");
        }
    }

    /// <summary>The node's cluster and spec, or a usage error listing the nodes that exist.</summary>
    public static (ClusterSpec Cluster, NodeSpec Node) RequireNode(Inventory inventory, string name) =>
        inventory.FindNode(name)
        ?? throw new UsageException(
            $"node '{name}' is not in {inventory.Source}; its nodes are: {string.Join(", ", inventory.AllNodes.Select(p => p.Node.Name))}");

    public static ClusterSpec RequireCluster(Inventory inventory, string name) =>
        inventory.FindCluster(name)
        ?? throw new UsageException(
            $"cluster '{name}' is not in {inventory.Source}; its clusters are: {string.Join(", ", inventory.Clusters.Select(c => c.Name))}");
}
