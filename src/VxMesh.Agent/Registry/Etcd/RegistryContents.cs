using System.Net;
using VxMesh.Core.Loading;

namespace VxMesh.Agent.Registry.Etcd;

/// <summary>A node registration with where it lives in etcd.</summary>
public sealed record RegisteredNode(NodeRegistration Registration, RegistryEntry Entry)
{
    public bool IsStatic => Entry.Lease == 0;
}

/// <summary>A node's claim with where it lives in etcd (its create revision is the node's seniority).</summary>
public sealed record ClaimEntry(NodeClaim Claim, RegistryEntry Entry)
{
    /// <summary>Whether it still reserves what it holds: its node is registered, or its grace has not run out.</summary>
    public bool HoldsAt(DateTimeOffset now, bool registered) => registered || Claim.HeldUntil > now;
}

/// <summary>A key under the prefix whose value could not be decoded: reported, never acted on.</summary>
public sealed record UndecodableKey(string Key, string Error);

/// <summary>
/// Everything under the prefix at one revision, decoded. Built from a range read (CLI, the
/// source's full reload) or from the source's watched view; both see the same thing.
/// </summary>
public sealed record RegistryContents(
    long Revision,
    MeshRecord? Mesh,
    IReadOnlyList<ClusterRecord> Clusters,
    IReadOnlyList<RegisteredNode> Nodes,
    IReadOnlyDictionary<IPAddress, VtepAllocation> Allocations,
    IReadOnlyList<UndecodableKey> Undecodable,
    IReadOnlyList<RegistryEntry> Entries,
    IReadOnlyList<ClaimEntry> Claims,
    IReadOnlyDictionary<IPAddress, long> AllocationRevisions)
{
    /// <param name="entries">Keys under the prefix in any order; unknown keys are kept in <see cref="Entries"/> only.</param>
    /// <param name="limits">What one record may claim (default <see cref="RegistryLimits.Default"/>); a record past them is undecodable.</param>
    public static RegistryContents Decode(RegistryKeys keys, long revision, IEnumerable<RegistryEntry> entries, RegistryLimits? limits = null)
    {
        limits ??= RegistryLimits.Default;
        var all = entries.OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
        MeshRecord? mesh = null;
        var clusters = new List<ClusterRecord>();
        var nodes = new List<RegisteredNode>();
        var allocations = new Dictionary<IPAddress, VtepAllocation>();
        var allocationRevisions = new Dictionary<IPAddress, long>();
        var claims = new List<ClaimEntry>();
        var bad = new List<UndecodableKey>();
        foreach (var entry in all)
        {
            var kind = keys.Classify(entry.Key);
            var error = kind == RegistryKeyKind.Unknown ? null : limits.SizeProblem(entry.Value.Length);
            switch (error is null ? kind : RegistryKeyKind.Unknown)
            {
                case RegistryKeyKind.Mesh:
                    mesh = RegistryJson.TryDecode<MeshRecord>(entry.Value.Span, out error);
                    break;
                case RegistryKeyKind.Cluster:
                    Add(clusters, RegistryJson.TryDecode<ClusterRecord>(entry.Value.Span, out error), c => c.Name, keys.Cluster, entry, ref error);
                    break;
                case RegistryKeyKind.Node:
                    var node = RegistryJson.TryDecode<NodeRegistration>(entry.Value.Span, out error);
                    if (node is not null && keys.Node(node.Cluster, node.Name) != entry.Key)
                    {
                        error = $"holds node {MessageText.Cut(node.Cluster)}/{MessageText.Cut(node.Name)}, which belongs at {MessageText.Cut(keys.Node(node.Cluster, node.Name), 200)}";
                    }
                    else if (node is not null && limits.BlocksProblem(node) is { } tooMany)
                    {
                        error = tooMany;
                    }
                    else if (node is not null)
                    {
                        nodes.Add(new RegisteredNode(node, entry));
                    }
                    break;
                case RegistryKeyKind.VtepIp:
                    var allocation = RegistryJson.TryDecode<VtepAllocation>(entry.Value.Span, out error);
                    var ipText = entry.Key[keys.VtepIpsPrefix.Length..];
                    if (allocation is not null && IPAddress.TryParse(ipText, out var ip) && ip.ToString() == ipText)
                    {
                        allocations[ip] = allocation;
                        allocationRevisions[ip] = entry.CreateRevision;
                    }
                    else
                    {
                        error ??= $"'{ipText}' is not an address in canonical form";
                    }
                    break;
                case RegistryKeyKind.Claim:
                    var claim = RegistryJson.TryDecode<NodeClaim>(entry.Value.Span, out error);
                    if (claim is not null && keys.Claim(claim.Cluster, claim.Node) != entry.Key)
                    {
                        error = $"holds the claim of {MessageText.Cut(claim.Cluster)}/{MessageText.Cut(claim.Node)}, which belongs at {MessageText.Cut(keys.Claim(claim.Cluster, claim.Node), 200)}";
                    }
                    else if (claim is not null && claim.PodCidrs.Count > limits.MaxNodeBlocks)
                    {
                        error = $"claims {claim.PodCidrs.Count} pod blocks, more than the {limits.MaxNodeBlocks} a node may hold";
                    }
                    else if (claim is not null)
                    {
                        claims.Add(new ClaimEntry(claim, entry));
                    }
                    break;
            }
            if (error is not null)
            {
                bad.Add(new UndecodableKey(entry.Key, error));
            }
        }
        return new RegistryContents(revision, mesh, clusters, nodes, allocations, bad, all, claims, allocationRevisions);
    }

    /// <summary>The newest write under the prefix (deletions leave no key behind, so they are not seen here).</summary>
    public RegistryEntry? NewestEntry => Entries.MaxBy(e => e.ModRevision);

    public RegisteredNode? FindNode(string cluster, string name) =>
        Nodes.FirstOrDefault(n => n.Registration.Cluster == cluster && n.Registration.Name == name);

    public ClaimEntry? FindClaim(string cluster, string name) =>
        Claims.FirstOrDefault(c => c.Claim.Cluster == cluster && c.Claim.Node == name);

    public ClusterRecord? FindCluster(string name) => Clusters.FirstOrDefault(c => c.Name == name);

    private static void Add<T>(List<T> list, T? item, Func<T, string> name, Func<string, string> keyOf, RegistryEntry entry, ref string? error)
        where T : class
    {
        if (item is null)
        {
            return;
        }
        if (keyOf(name(item)) != entry.Key)
        {
            error = $"holds {typeof(T).Name.Replace("Record", "").ToLowerInvariant()} '{MessageText.Cut(name(item))}', which belongs at {MessageText.Cut(keyOf(name(item)), 200)}";
            return;
        }
        list.Add(item);
    }
}
