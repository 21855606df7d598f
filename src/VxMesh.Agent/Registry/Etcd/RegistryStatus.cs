using System.Net;
using System.Net.NetworkInformation;
using Etcdserverpb;

namespace VxMesh.Agent.Registry.Etcd;

/// <summary>One registered node as `vxmesh status` reports it.</summary>
/// <param name="Live">The key is attached to a lease that has not expired.</param>
/// <param name="Static">Written by `registry load --with-nodes`: no lease, never expires.</param>
/// <param name="TtlSeconds">Seconds left on the lease; null for static nodes, -1 when etcd no longer knows the lease.</param>
/// <param name="InMesh">Part of the assembled inventory; otherwise <paramref name="Reason"/> says why not.</param>
public sealed record NodeStatus(
    string Cluster,
    string Name,
    string Key,
    IPAddress Ip,
    string? UnderlayDev,
    IPAddress? VtepIp,
    PhysicalAddress? VtepMac,
    IReadOnlyList<IPNetwork> PodCidrs,
    bool Live,
    bool Static,
    string? Lease,
    long? TtlSeconds,
    bool InMesh,
    string? Reason,
    DateTimeOffset RegisteredAt,
    DateTimeOffset UpdatedAt,
    string AgentVersion,
    long ModRevision);

/// <param name="Nodes">Registered nodes of the cluster.</param>
/// <param name="InMesh">Of those, the ones in the assembled inventory.</param>
public sealed record ClusterStatus(string Name, Core.Model.CniKind Cni, IReadOnlyList<IPNetwork> PodCidrs, IReadOnlyList<IPNetwork> ServiceCidrs, int Nodes, int InMesh);

/// <summary>A node that left (no registration) whose claim still reserves what it held, until <paramref name="HeldUntil"/>.</summary>
public sealed record ReservedClaim(
    string Cluster, string Node, string Key, IPAddress Ip, IPAddress? VtepIp, PhysicalAddress VtepMac, IReadOnlyList<IPNetwork> PodCidrs,
    DateTimeOffset HeldUntil, long CreateRevision);

/// <summary>The newest write under the prefix: its revision, key and the time its writer recorded.</summary>
public sealed record LastChange(long Revision, string Key, DateTimeOffset? Time);

/// <summary>`vxmesh status`: the registry at one revision, with liveness and what the mesh makes of it.</summary>
/// <param name="Problems">Why the registry does not assemble into an inventory (empty when it does).</param>
public sealed record RegistryStatus(
    string Source,
    long Revision,
    MeshRecord? Mesh,
    IReadOnlyList<ClusterStatus> Clusters,
    IReadOnlyList<NodeStatus> Nodes,
    LastChange? LastChange,
    IReadOnlyList<string> Problems,
    IReadOnlyList<UndecodableKey> Undecodable)
{
    /// <summary>Claims of nodes away (restarting, rebooting) that still hold their blocks and addresses.</summary>
    public IReadOnlyList<ReservedClaim> Reserved { get; init; } = [];

    /// <summary>With `status --agent-port`: each node's data path as its peers' agents see it, by CLUSTER/NODE; null when not asked.</summary>
    public IReadOnlyDictionary<string, Probing.NodePathSummary>? DataPaths { get; init; }
}

public static class RegistryStatusReader
{
    private const int ParallelLeaseQueries = 16;

    public static async Task<RegistryStatus> ReadAsync(EtcdConnection etcd, RegistryKeys keys, CancellationToken cancel, TimeProvider? time = null)
    {
        var source = etcd.Description + keys.Prefix;
        var contents = await EtcdReads.ReadContentsAsync(etcd, keys, cancel);
        var now = (time ?? TimeProvider.System).GetUtcNow();
        var assembled = InventoryAssembler.Assemble(contents, keys, source, time: time);
        var ttls = await LeaseTtlsAsync(etcd, contents.Nodes.Select(n => n.Entry.Lease).Where(l => l != 0).Distinct().ToList(), cancel);
        var excluded = assembled.Excluded.ToDictionary(e => e.Key, e => e.Reason, StringComparer.Ordinal);
        var nodes = contents.Nodes
            .OrderBy(n => n.Registration.Cluster, StringComparer.Ordinal).ThenBy(n => n.Registration.Name, StringComparer.Ordinal)
            .Select(n => Describe(n, ttls, excluded, assembled.Inventory is not null))
            .ToList();
        var clusters = contents.Clusters.Select(c => new ClusterStatus(c.Name, c.Cni, c.PodCidrs, c.ServiceCidrs,
            nodes.Count(n => n.Cluster == c.Name), nodes.Count(n => n.Cluster == c.Name && n.InMesh))).ToList();
        var reserved = contents.Claims
            .Where(c => contents.FindNode(c.Claim.Cluster, c.Claim.Node) is null && c.HoldsAt(now, registered: false))
            .OrderBy(c => c.Entry.Key, StringComparer.Ordinal)
            .Select(c => new ReservedClaim(c.Claim.Cluster, c.Claim.Node, c.Entry.Key, c.Claim.Ip, c.Claim.VtepIp, c.Claim.VtepMac, c.Claim.PodCidrs,
                c.Claim.HeldUntil, c.Entry.CreateRevision))
            .ToList();
        return new RegistryStatus(source, contents.Revision, contents.Mesh, clusters, nodes, Newest(contents, keys),
            assembled.Problems, contents.Undecodable)
        { Reserved = reserved };
    }

    private static NodeStatus Describe(RegisteredNode node, Dictionary<long, long> ttls, Dictionary<string, string> excluded, bool assembled)
    {
        var r = node.Registration;
        var lease = node.Entry.Lease;
        long? ttl = lease == 0 ? null : ttls.GetValueOrDefault(lease, -1);
        var reason = excluded.GetValueOrDefault(node.Entry.Key) ?? (assembled ? null : "the registry does not assemble into a valid inventory (see problems)");
        return new NodeStatus(r.Cluster, r.Name, node.Entry.Key, r.Ip, r.UnderlayDev, r.VtepIp, r.VtepMac, r.PodCidrs,
            Live: lease != 0 && ttl > 0, Static: lease == 0, Lease: lease == 0 ? null : lease.ToString("x"), ttl,
            InMesh: reason is null, reason, r.RegisteredAt, r.UpdatedAt, r.AgentVersion, node.Entry.ModRevision);
    }

    /// <summary>Remaining TTL per lease (-1: etcd does not know it any more).</summary>
    private static async Task<Dictionary<long, long>> LeaseTtlsAsync(EtcdConnection etcd, List<long> leases, CancellationToken cancel)
    {
        var result = new Dictionary<long, long>();
        foreach (var chunk in leases.Chunk(ParallelLeaseQueries))
        {
            var answers = await Task.WhenAll(chunk.Select(async id =>
                (id, (await etcd.Lease.LeaseTimeToLiveAsync(new LeaseTimeToLiveRequest { ID = id }, etcd.Call(cancel))).TTL)));
            foreach (var (id, ttl) in answers)
            {
                result[id] = ttl;
            }
        }
        return result;
    }

    private static LastChange? Newest(RegistryContents contents, RegistryKeys keys)
    {
        if (contents.NewestEntry is not { } entry)
        {
            return null;
        }
        DateTimeOffset? when = keys.Classify(entry.Key) switch
        {
            RegistryKeyKind.Mesh => RegistryJson.TryDecode<MeshRecord>(entry.Value.Span, out _)?.UpdatedAt,
            RegistryKeyKind.Cluster => RegistryJson.TryDecode<ClusterRecord>(entry.Value.Span, out _)?.UpdatedAt,
            RegistryKeyKind.Node => RegistryJson.TryDecode<NodeRegistration>(entry.Value.Span, out _)?.UpdatedAt,
            RegistryKeyKind.VtepIp => RegistryJson.TryDecode<VtepAllocation>(entry.Value.Span, out _)?.AllocatedAt,
            _ => null,
        };
        return new LastChange(entry.ModRevision, entry.Key, when);
    }
}
