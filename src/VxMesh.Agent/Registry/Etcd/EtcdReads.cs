using Etcdserverpb;
using Google.Protobuf;

namespace VxMesh.Agent.Registry.Etcd;

/// <summary>Consistent reads: every page of a prefix range at the revision of the first page.</summary>
public static class EtcdReads
{
    private const long PageSize = 1000;

    /// <summary>
    /// Every key under <paramref name="prefix"/> at one revision (the current one when the read
    /// starts). Paged so a large mesh never meets gRPC's message limit; pinning the later pages
    /// to the first page's revision keeps the result a snapshot, not a blend of two moments.
    /// </summary>
    public static async Task<(long Revision, List<RegistryEntry> Entries)> RangePrefixAsync(
        EtcdConnection etcd, string prefix, CancellationToken cancel)
    {
        var end = ByteString.CopyFrom(RegistryKeys.RangeEnd(prefix));
        var key = ByteString.CopyFromUtf8(prefix);
        long revision = 0;
        var entries = new List<RegistryEntry>();
        while (true)
        {
            var request = new RangeRequest { Key = key, RangeEnd = end, Limit = PageSize, Revision = revision };
            var response = await etcd.Kv.RangeAsync(request, etcd.Call(cancel));
            if (revision == 0)
            {
                revision = response.Header.Revision;
            }
            entries.AddRange(response.Kvs.Select(RegistryEntry.From));
            if (!response.More || response.Kvs.Count == 0)
            {
                return (revision, entries);
            }
            // The smallest key after the last one seen: the same bytes with a 0x00 appended.
            key = ByteString.CopyFrom([.. response.Kvs[^1].Key.Span, 0]);
        }
    }

    public static async Task<RegistryContents> ReadContentsAsync(EtcdConnection etcd, RegistryKeys keys, CancellationToken cancel, RegistryLimits? limits = null)
    {
        var (revision, entries) = await RangePrefixAsync(etcd, keys.Prefix, cancel);
        return RegistryContents.Decode(keys, revision, entries, limits);
    }

    /// <summary>One key, or null when it does not exist.</summary>
    public static async Task<RegistryEntry?> GetAsync(EtcdConnection etcd, string key, CancellationToken cancel)
    {
        var response = await etcd.Kv.RangeAsync(new RangeRequest { Key = ByteString.CopyFromUtf8(key) }, etcd.Call(cancel));
        return response.Kvs.Count == 0 ? null : RegistryEntry.From(response.Kvs[0]);
    }
}
