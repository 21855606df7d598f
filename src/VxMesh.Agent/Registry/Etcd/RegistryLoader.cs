using Etcdserverpb;
using Google.Protobuf;
using VxMesh.Core.Loading;
using VxMesh.Core.Model;

namespace VxMesh.Agent.Registry.Etcd;

/// <summary>The outcome of <c>vxmesh registry load</c>. Nothing was written unless <see cref="Written"/>.</summary>
/// <param name="Problems">The file is invalid (exit 2).</param>
/// <param name="Conflicts">The file is valid but the registry refuses it, e.g. a VTEP IP owned by another node (exit 1).</param>
/// <param name="SkippedNodes">With --with-nodes: nodes left alone because their own agent holds a live registration.</param>
public sealed record RegistryLoadResult(
    IReadOnlyList<InventoryProblem> Problems,
    IReadOnlyList<string> Conflicts,
    long Revision,
    IReadOnlyList<string> Clusters,
    IReadOnlyList<string> RemovedClusters,
    IReadOnlyList<string> StaticNodes,
    IReadOnlyList<string> SkippedNodes)
{
    public bool Written => Problems.Count == 0 && Conflicts.Count == 0;

    internal static RegistryLoadResult Invalid(IReadOnlyList<InventoryProblem> problems) => new(problems, [], 0, [], [], [], []);

    internal static RegistryLoadResult Refused(IReadOnlyList<string> conflicts) => new([], conflicts, 0, [], [], [], []);
}

/// <summary>
/// Writes mesh settings and clusters from an inventory file in one etcd transaction.
/// <para>
/// The transaction replaces the mesh key and the cluster keys (clusters no longer in the file are
/// deleted) and guards itself with compares on the revisions read just before, so two loads racing
/// cannot interleave; a lost race re-reads and retries. Node registrations are never touched,
/// except with <c>withNodes</c>: then the file's nodes are written as static registrations (no
/// lease: they stay until deleted or overwritten by a later load) together with their VTEP IP
/// allocations, skipping any node whose own agent already holds a live registration.
/// </para>
/// </summary>
public static class RegistryLoader
{
    private const int Attempts = 5;
    internal const string StaticAgentVersion = "static (registry load --with-nodes)";

    public static async Task<RegistryLoadResult> LoadAsync(
        EtcdConnection etcd, RegistryKeys keys, string yamlText, string sourceName, bool withNodes, TimeProvider? time, CancellationToken cancel)
    {
        var now = (time ?? TimeProvider.System).GetUtcNow();
        var (file, problems) = RegistryFile.Parse(yamlText, sourceName, now);
        if (file is null)
        {
            return RegistryLoadResult.Invalid(problems);
        }
        if (withNodes && file.Nodes.Count == 0)
        {
            return RegistryLoadResult.Invalid([new InventoryProblem(sourceName, 0, 0, "clusters", "--with-nodes was given but the file lists no nodes in some cluster",
                "list nodes in every cluster, or leave out --with-nodes and let the agents register")]);
        }
        for (var attempt = 1; ; attempt++)
        {
            var current = await EtcdReads.ReadContentsAsync(etcd, keys, cancel);
            var plan = Plan(keys, file, current, withNodes, now);
            if (plan.Conflicts.Count > 0)
            {
                return RegistryLoadResult.Refused(plan.Conflicts);
            }
            var request = new TxnRequest();
            request.Compare.Add(Unchanged(keys.Mesh, null, current.Revision));
            request.Compare.Add(Unchanged(keys.ClustersPrefix, RegistryKeys.RangeEnd(keys.ClustersPrefix), current.Revision));
            request.Compare.AddRange(plan.Guarded.Select(k => Unchanged(k, null, current.Revision)));
            request.Success.AddRange(plan.Puts.Select(p => new RequestOp { RequestPut = new PutRequest { Key = ByteString.CopyFromUtf8(p.Key), Value = ByteString.CopyFrom(p.Value) } }));
            request.Success.AddRange(plan.Deletes.Select(k => new RequestOp { RequestDeleteRange = new DeleteRangeRequest { Key = ByteString.CopyFromUtf8(k) } }));
            var response = await etcd.Kv.TxnAsync(request, etcd.Call(cancel));
            if (response.Succeeded)
            {
                return new RegistryLoadResult([], [], response.Header.Revision, file.Clusters.Select(c => c.Name).ToList(),
                    plan.RemovedClusters, plan.StaticNodes, plan.SkippedNodes);
            }
            if (attempt == Attempts)
            {
                return RegistryLoadResult.Refused([$"the registry kept changing under {keys.Prefix} during {Attempts} attempts; try again"]);
            }
        }
    }

    private sealed record WritePlan(
        List<(string Key, byte[] Value)> Puts,
        List<string> Deletes,
        List<string> Guarded,
        List<string> Conflicts,
        List<string> RemovedClusters,
        List<string> StaticNodes,
        List<string> SkippedNodes);

    private static WritePlan Plan(RegistryKeys keys, RegistryFileContents file, RegistryContents current, bool withNodes, DateTimeOffset now)
    {
        var plan = new WritePlan([], [], [], [], [], [], []);
        plan.Puts.Add((keys.Mesh, RegistryJson.Encode(file.Mesh)));
        plan.Puts.AddRange(file.Clusters.Select(c => (keys.Cluster(c.Name), RegistryJson.Encode(c))));
        var kept = file.Clusters.Select(c => keys.Cluster(c.Name)).ToHashSet(StringComparer.Ordinal);
        foreach (var entry in current.Entries.Where(e => keys.Classify(e.Key) == RegistryKeyKind.Cluster && !kept.Contains(e.Key)))
        {
            plan.Deletes.Add(entry.Key);
            plan.RemovedClusters.Add(entry.Key[keys.ClustersPrefix.Length..]);
        }
        if (withNodes)
        {
            foreach (var (cluster, node) in file.Nodes)
            {
                PlanStaticNode(keys, cluster, node, current, now, plan);
            }
        }
        return plan;
    }

    private static void PlanStaticNode(RegistryKeys keys, string cluster, NodeSpec node, RegistryContents current, DateTimeOffset now, WritePlan plan)
    {
        var key = keys.Node(cluster, node.Name);
        var existing = current.FindNode(cluster, node.Name);
        if (existing is { IsStatic: false })
        {
            plan.SkippedNodes.Add($"{cluster}/{node.Name}");
            return;
        }
        if (node.VtepIp is { } vtepIp)
        {
            if (current.Allocations.TryGetValue(vtepIp, out var owner) && !owner.IsOwnedBy(cluster, node.Name))
            {
                plan.Conflicts.Add($"vtepIp {vtepIp} of {cluster}/{node.Name} is allocated to {owner.Cluster}/{owner.Node} ({keys.VtepIp(vtepIp)})");
                return;
            }
            if (owner is null)
            {
                plan.Puts.Add((keys.VtepIp(vtepIp), RegistryJson.Encode(new VtepAllocation(cluster, node.Name, now))));
                plan.Guarded.Add(keys.VtepIp(vtepIp));
            }
        }
        var registration = new NodeRegistration(cluster, node.Name, node.Ip, node.UnderlayDev, node.VtepIp, node.VtepMac,
            node.PodCidrs.ToList(), existing?.Registration.RegisteredAt ?? now, now, StaticAgentVersion);
        plan.Puts.Add((key, RegistryJson.Encode(registration)));
        plan.Guarded.Add(key);
        plan.StaticNodes.Add($"{cluster}/{node.Name}");
    }

    /// <summary>True while nothing in [key, rangeEnd) was written after <paramref name="revision"/> (absent keys count as unchanged).</summary>
    private static Compare Unchanged(string key, byte[]? rangeEnd, long revision)
    {
        var compare = new Compare
        {
            Key = ByteString.CopyFromUtf8(key),
            Target = Compare.Types.CompareTarget.Mod,
            Result = Compare.Types.CompareResult.Less,
            ModRevision = revision + 1,
        };
        if (rangeEnd is not null)
        {
            compare.RangeEnd = ByteString.CopyFrom(rangeEnd);
        }
        return compare;
    }
}
