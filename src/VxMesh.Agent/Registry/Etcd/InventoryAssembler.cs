using System.Globalization;
using System.Text.RegularExpressions;
using VxMesh.Core.Loading;

namespace VxMesh.Agent.Registry.Etcd;

/// <summary>A registration left out of the assembled inventory, and why.</summary>
public sealed record ExcludedNode(string Key, string Cluster, string Name, string Reason);

/// <summary>
/// The registry as an inventory: <see cref="Inventory"/> is set only when the one validator
/// accepted <see cref="Yaml"/>; <see cref="Excluded"/> lists registrations left out of it.
/// </summary>
public sealed record AssembledInventory(
    Core.Model.Inventory? Inventory,
    IReadOnlyList<string> Problems,
    IReadOnlyList<ExcludedNode> Excluded,
    string? Yaml)
{
    /// <summary>When a claim of an absent node stops holding, so the verdict may change without any write; null when none holds.</summary>
    public DateTimeOffset? NextLapse { get; init; }
}

/// <summary>
/// Turns registry contents into an inventory, validated by rendering inventory YAML and running
/// <see cref="InventoryLoader.Parse"/> on it, so etcd and files obey exactly the same rules.
/// <para>
/// One bad registration must not take the mesh down with it: when every problem the validator
/// reports lies inside node entries, those nodes are quarantined (left out and listed in
/// <see cref="AssembledInventory.Excluded"/>) and the rest is validated again. The validator
/// reports a clash at the later of the two entries. Before it runs, <see cref="ClaimResolution"/>
/// settles every collision of names, addresses, MACs and blocks across the whole mesh by seniority
/// (the established holder keeps it, whatever the clusters are called; claims of nodes that are
/// restarting hold too), and nodes are ordered by that seniority, so whatever the validator still
/// finds also falls on the newcomer. Problems outside node entries (mesh, clusters) cannot be
/// pinned on one node: the assembly fails and the agent keeps its last good inventory.
/// </para>
/// <para>
/// Nodes without pod blocks (a Calico node before its first pod) and clusters without live
/// nodes are left out before validation: they own nothing to route, and the inventory format
/// requires both lists to be non-empty.
/// </para>
/// </summary>
public static partial class InventoryAssembler
{
    private const int MaxQuarantineRounds = 8;

    /// <param name="memo">Reuses validation of YAML seen recently (the watching source keeps one); null validates afresh.</param>
    /// <param name="time">Whose clock says whether an absent node's claim still holds (<see cref="NodeClaim.HeldUntil"/>).</param>
    public static AssembledInventory Assemble(RegistryContents contents, RegistryKeys keys, string source, ValidationMemo? memo = null, TimeProvider? time = null)
    {
        var excluded = new List<ExcludedNode>();
        var undecodable = contents.Undecodable.ToDictionary(u => u.Key, u => u.Error);
        foreach (var (key, error) in undecodable.Where(u => keys.Classify(u.Key) == RegistryKeyKind.Node))
        {
            var parts = key[keys.NodesPrefix.Length..].Split('/');
            excluded.Add(new ExcludedNode(key, parts[0], parts[1], $"unreadable registration: {error}"));
        }
        if (contents.Mesh is not { } mesh)
        {
            var why = undecodable.TryGetValue(keys.Mesh, out var error) ? $"unreadable ({error})" : "missing";
            return Fail($"mesh settings at {keys.Mesh} are {why}: load them with `vxmesh registry load -f INVENTORY --etcd URL`", excluded);
        }

        var clusters = contents.Clusters.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var candidates = new List<RegisteredNode>();
        foreach (var node in contents.Nodes)
        {
            var r = node.Registration;
            string? reason = !clusters.ContainsKey(r.Cluster) ? $"cluster '{r.Cluster}' is not in the registry ({keys.Cluster(r.Cluster)})"
                : r.PodCidrs.Count == 0 ? "no pod blocks yet (nothing to route to this node)"
                : null;
            if (reason is null)
            {
                candidates.Add(node);
            }
            else
            {
                excluded.Add(new ExcludedNode(node.Entry.Key, r.Cluster, r.Name, reason));
            }
        }

        var verdict = ClaimResolution.Resolve(mesh, candidates, contents, keys, (time ?? TimeProvider.System).GetUtcNow());
        excluded.AddRange(verdict.Excluded);
        candidates = verdict.Kept;
        var result = Validate(mesh, clusters, candidates, verdict.Seniority, keys, source, memo, excluded);
        return result with { NextLapse = verdict.NextLapse };
    }

    private static AssembledInventory Validate(
        MeshRecord mesh, Dictionary<string, ClusterRecord> clusters, List<RegisteredNode> candidates, Dictionary<string, long> seniority,
        RegistryKeys keys, string source, ValidationMemo? memo, List<ExcludedNode> excluded)
    {
        for (var round = 0; round < MaxQuarantineRounds; round++)
        {
            var layout = Layout(clusters, candidates, seniority);
            if (layout.Count == 0)
            {
                return Fail($"no node with pod blocks is registered under {keys.NodesPrefix} yet", excluded);
            }
            var yaml = InventoryYaml.Render(mesh, layout.Select(c => (c.Cluster, (IReadOnlyList<NodeRegistration>)c.Nodes.Select(n => n.Registration).ToList())));
            var result = memo?.Parse(yaml, source) ?? InventoryLoader.Parse(yaml, source);
            if (result.Ok)
            {
                return new AssembledInventory(result.Inventory, [], excluded, yaml);
            }
            var blamed = Blame(result.Problems, layout);
            if (blamed is null)
            {
                return new AssembledInventory(null, result.Problems.Select(p => Describe(p, layout)).ToList(), excluded, yaml);
            }
            foreach (var (node, problems) in blamed)
            {
                var r = node.Registration;
                excluded.Add(new ExcludedNode(node.Entry.Key, r.Cluster, r.Name, "rejected: " + string.Join("; ", problems.Select(p => $"{p.Problem} (fix: {p.Fix})"))));
                candidates.Remove(node);
            }
        }
        return Fail($"more than {MaxQuarantineRounds} rounds of rejected registrations; giving up on this revision", excluded);
    }

    private sealed record ClusterLayout(ClusterRecord Cluster, List<RegisteredNode> Nodes);

    /// <summary>Clusters by name, nodes by seniority (the validator blames the later of two entries).</summary>
    private static List<ClusterLayout> Layout(Dictionary<string, ClusterRecord> clusters, List<RegisteredNode> nodes, Dictionary<string, long> seniority) =>
        nodes.GroupBy(n => n.Registration.Cluster)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ClusterLayout(clusters[g.Key],
                g.OrderBy(n => seniority.GetValueOrDefault(n.Entry.Key, n.Entry.CreateRevision)).ThenBy(n => n.Registration.Name, StringComparer.Ordinal).ToList()))
            .ToList();

    /// <summary>Problems per node, or null when any problem lies outside a node entry.</summary>
    private static Dictionary<RegisteredNode, List<InventoryProblem>>? Blame(IReadOnlyList<InventoryProblem> problems, List<ClusterLayout> layout)
    {
        var blamed = new Dictionary<RegisteredNode, List<InventoryProblem>>();
        foreach (var problem in problems)
        {
            if (NodeAt(problem, layout) is not { } node)
            {
                return null;
            }
            if (!blamed.TryGetValue(node, out var list))
            {
                blamed[node] = list = [];
            }
            list.Add(problem);
        }
        return blamed;
    }

    private static RegisteredNode? NodeAt(InventoryProblem problem, List<ClusterLayout> layout)
    {
        var match = NodePath().Match(problem.Key);
        if (!match.Success)
        {
            return null;
        }
        var c = int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
        var n = int.Parse(match.Groups[2].ValueSpan, CultureInfo.InvariantCulture);
        return c < layout.Count && n < layout[c].Nodes.Count ? layout[c].Nodes[n] : null;
    }

    private static string Describe(InventoryProblem problem, List<ClusterLayout> layout)
    {
        var where = NodeAt(problem, layout)?.Entry.Key ?? problem.Key;
        return $"{where}: {problem.Problem} (fix: {problem.Fix})";
    }

    private static AssembledInventory Fail(string problem, List<ExcludedNode> excluded) => new(null, [problem], excluded, null);

    [GeneratedRegex(@"^clusters\[(\d+)\]\.nodes\[(\d+)\]")]
    private static partial Regex NodePath();
}
