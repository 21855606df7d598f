using System.Net;
using Etcdserverpb;
using Google.Protobuf;
using VxMesh.Core.Addressing;

namespace VxMesh.Agent.Registry.Etcd;

/// <summary>A VTEP address cannot be had: the one given belongs to another node, or the range is full.</summary>
public sealed class VtepAllocationException(string message) : Exception(message);

/// <summary>
/// VTEP addresses for nodes that do not set one, in vtepCidr mode, by compare-and-swap on one
/// key per address (<c>PREFIX vtep-ips/IP</c>): a create succeeds only while the key does not
/// exist, so two nodes racing for the same address cannot both win, without a lock or a leader.
/// <para>
/// Preference order: an address this node (cluster/name) already owns inside the range — so a
/// restarted agent gets the same one back and peers' neighbour entries stay valid —, then the
/// address it used last (after etcd lost its data), then the derived one
/// (<see cref="VtepIpDerivation"/>: the underlay host part inside vtepCidr, what a file would
/// get), then the lowest free host address. Allocations carry no lease: they outlive agent
/// restarts and deregistration, and are removed by hand when a node leaves for good.
/// </para>
/// </summary>
public sealed class VtepIpAllocator(EtcdConnection etcd, RegistryKeys keys, TimeProvider time)
{
    private const int MaxClaims = 64;
    private const int MaxScan = 1 << 20;

    public async Task<IPAddress> AllocateAsync(
        IPNetwork cidr, string cluster, string node, IPAddress nodeIp, IPAddress? previous, CancellationToken cancel)
    {
        var allocations = await ReadAsync(cancel);
        var mine = allocations.Where(a => a.Value.IsOwnedBy(cluster, node) && IsHost(cidr, a.Key))
            .Select(a => a.Key).OrderBy(IpMath.ToInteger).FirstOrDefault();
        if (mine is not null)
        {
            return mine;
        }
        var taken = allocations.Keys.ToHashSet();
        var claims = 0;
        foreach (var candidate in Candidates(cidr, nodeIp, previous))
        {
            if (taken.Contains(candidate))
            {
                continue;
            }
            if (await TryClaimAsync(candidate, cluster, node, cancel) is null)
            {
                return candidate;
            }
            taken.Add(candidate);
            if (++claims >= MaxClaims)
            {
                break;
            }
        }
        throw new VtepAllocationException($"no free VTEP address for {cluster}/{node} in {cidr} (lost {claims} races or the range is full)");
    }

    /// <summary>Claims a given address for the node; throws when another node owns it.</summary>
    public async Task ClaimAsync(IPAddress ip, string cluster, string node, CancellationToken cancel)
    {
        if (await TryClaimAsync(ip, cluster, node, cancel) is { } owner)
        {
            throw new VtepAllocationException(
                $"vtepIp {ip} of {cluster}/{node} is allocated to {owner.Cluster}/{owner.Node} ({keys.VtepIp(ip)}); choose another or remove that allocation");
        }
    }

    /// <summary>Null when the address is now the node's (created, or already its own); otherwise its owner.</summary>
    private async Task<VtepAllocation?> TryClaimAsync(IPAddress ip, string cluster, string node, CancellationToken cancel)
    {
        var key = ByteString.CopyFromUtf8(keys.VtepIp(ip));
        var request = new TxnRequest();
        request.Compare.Add(new Compare
        {
            Key = key,
            Target = Compare.Types.CompareTarget.Create,
            Result = Compare.Types.CompareResult.Equal,
            CreateRevision = 0,
        });
        var value = RegistryJson.Encode(new VtepAllocation(cluster, node, time.GetUtcNow()));
        request.Success.Add(new RequestOp { RequestPut = new PutRequest { Key = key, Value = ByteString.CopyFrom(value) } });
        request.Failure.Add(new RequestOp { RequestRange = new RangeRequest { Key = key } });
        var response = await etcd.Kv.TxnAsync(request, etcd.Call(cancel));
        if (response.Succeeded)
        {
            return null;
        }
        var kvs = response.Responses[0].ResponseRange.Kvs;
        var owner = kvs.Count == 0 ? null : RegistryJson.TryDecode<VtepAllocation>(kvs[0].Value.Span, out _);
        return owner is not null && owner.IsOwnedBy(cluster, node) ? null : owner ?? new VtepAllocation("?", "(unreadable allocation)", default);
    }

    private async Task<Dictionary<IPAddress, VtepAllocation>> ReadAsync(CancellationToken cancel)
    {
        var (_, entries) = await EtcdReads.RangePrefixAsync(etcd, keys.VtepIpsPrefix, cancel);
        var result = new Dictionary<IPAddress, VtepAllocation>();
        foreach (var entry in entries)
        {
            // An unreadable allocation still blocks its address: guessing it free could duplicate it.
            if (IPAddress.TryParse(entry.Key[keys.VtepIpsPrefix.Length..], out var ip))
            {
                result[ip] = RegistryJson.TryDecode<VtepAllocation>(entry.Value.Span, out _) ?? new VtepAllocation("?", "(unreadable allocation)", default);
            }
        }
        return result;
    }

    private static IEnumerable<IPAddress> Candidates(IPNetwork cidr, IPAddress nodeIp, IPAddress? previous)
    {
        if (previous is not null && IsHost(cidr, previous))
        {
            yield return previous;
        }
        if (VtepIpDerivation.Derive(cidr, nodeIp) is { } derived)
        {
            yield return derived;
        }
        var family = cidr.BaseAddress.AddressFamily;
        var first = IpMath.ToInteger(cidr.BaseAddress);
        var hosts = IpMath.HostMask(cidr.PrefixLength, family);
        for (UInt128 host = 1; host < hosts && host <= MaxScan; host++)
        {
            yield return IpMath.FromInteger(first + host, family);
        }
    }

    /// <summary>Inside the range and neither its network nor its all-ones address.</summary>
    private static bool IsHost(IPNetwork cidr, IPAddress ip) =>
        IpMath.Contains(cidr, ip) && !ip.Equals(IpMath.First(cidr)) && !ip.Equals(IpMath.Last(cidr));
}
