using Etcdserverpb;
using Google.Protobuf;

namespace VxMesh.Agent.Registry.Etcd;

/// <summary>
/// Frees what a node holds for its identity — its claim (<see cref="NodeClaim"/>) and its VTEP
/// allocations — so its blocks and addresses are free for another node at once instead of after the
/// claim's grace period. `agent --uninstall` does it for its own node; `vxmesh registry release` for a
/// node that is gone for good. A live registration is left alone: the node is still there.
/// </summary>
public static class RegistryRelease
{
    /// <returns>The keys deleted.</returns>
    public static async Task<IReadOnlyList<string>> ReleaseAsync(EtcdConnection etcd, RegistryKeys keys, string cluster, string node, CancellationToken cancel)
    {
        var deleted = new List<string>();
        var claim = await EtcdReads.GetAsync(etcd, keys.Claim(cluster, node), cancel);
        if (claim is not null && await DeleteIfUnchangedAsync(etcd, claim, cancel))
        {
            deleted.Add(claim.Key);
        }
        var (_, allocations) = await EtcdReads.RangePrefixAsync(etcd, keys.VtepIpsPrefix, cancel);
        foreach (var allocation in allocations)
        {
            if (RegistryJson.TryDecode<VtepAllocation>(allocation.Value.Span, out _) is { } owner && owner.IsOwnedBy(cluster, node)
                && await DeleteIfUnchangedAsync(etcd, allocation, cancel))
            {
                deleted.Add(allocation.Key);
            }
        }
        return deleted;
    }

    /// <summary>Deletes the key only while it is as read (a node that came back and rewrote it keeps it).</summary>
    private static async Task<bool> DeleteIfUnchangedAsync(EtcdConnection etcd, RegistryEntry entry, CancellationToken cancel)
    {
        var request = new TxnRequest();
        request.Compare.Add(new Compare
        {
            Key = ByteString.CopyFromUtf8(entry.Key),
            Target = Compare.Types.CompareTarget.Mod,
            Result = Compare.Types.CompareResult.Equal,
            ModRevision = entry.ModRevision,
        });
        request.Success.Add(new RequestOp { RequestDeleteRange = new DeleteRangeRequest { Key = ByteString.CopyFromUtf8(entry.Key) } });
        return (await etcd.Kv.TxnAsync(request, etcd.Call(cancel))).Succeeded;
    }
}
