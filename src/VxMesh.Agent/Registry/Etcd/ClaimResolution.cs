using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using VxMesh.Core.Addressing;

namespace VxMesh.Agent.Registry.Etcd;

/// <summary>
/// Who keeps a contested name, underlay address, VTEP address or MAC, or pod block: the
/// established holder, whatever the clusters are called. Before this, conflicts were settled by the
/// order of the validator's document — clusters by name, then key age — so a new key in
/// <c>test-cluster1</c> copying a <c>test-cluster3</c> node's underlay address evicted that node
/// everywhere, and a squatter outlived the real node's graceful restart (its key was then the newer).
/// <para>
/// Holders, oldest first by etcd create revision (the one clock every agent reads alike, and one no
/// writer can set): every registered node (its seniority the older of its registration and its
/// claim, <see cref="NodeClaim"/>); every claim whose node is not registered but whose grace has not
/// run out (a node restarting, rebooting: it holds, though it routes nothing); every VTEP allocation
/// (<c>vtep-ips/IP</c>, for its address only, and first of all: the allocation is compare-and-swap on
/// the address, so it is the one authority on who may use it, and a key that copies a VTEP address
/// loses to its allocation even when the copy is older). Each holder keeps what no older holder of another
/// identity has; a registered node that collides with one is left out, naming the established
/// holder, and holds nothing. A claim or allocation that collides with an older holder holds nothing
/// either: a squatter's own claim never makes it senior to the node it copied.
/// </para>
/// <para>
/// Pure: the registry contents and the time in, the verdict out. Linear in the number of holders
/// (blocks through an interval index), so it runs before every whole validation.
/// </para>
/// </summary>
internal static class ClaimResolution
{
    /// <param name="Kept">The candidates that collide with nobody older, oldest first.</param>
    /// <param name="Seniority">Per kept node's key, the revision it is established since (the validator's order within a cluster).</param>
    /// <param name="NextLapse">The earliest time a claim of an absent node stops holding (then the verdict may change); null when none holds.</param>
    public sealed record Verdict(List<RegisteredNode> Kept, List<ExcludedNode> Excluded, Dictionary<string, long> Seniority, DateTimeOffset? NextLapse);

    private sealed record Holder(string Cluster, string Name, long Since, string What, RegisteredNode? Node,
        IPAddress? Ip, IPAddress? VtepIp, PhysicalAddress? Mac, IReadOnlyList<IPNetwork> Blocks)
    {
        /// <summary>VTEP allocations settle their address before anyone else's age counts (every agent allocates before it registers).</summary>
        public bool IsAllocation => Node is null && Ip is null && Mac is null;

        public string Identity => Cluster + "/" + Name;
    }

    public static Verdict Resolve(MeshRecord mesh, IReadOnlyList<RegisteredNode> candidates, RegistryContents contents, RegistryKeys keys, DateTimeOffset now)
    {
        var registered = contents.Nodes.ToDictionary(n => (n.Registration.Cluster, n.Registration.Name));
        var claims = contents.Claims.ToDictionary(c => (c.Claim.Cluster, c.Claim.Node));
        var holders = new List<Holder>();
        foreach (var node in candidates)
        {
            var r = node.Registration;
            var since = claims.TryGetValue((r.Cluster, r.Name), out var own) ? Math.Min(own.Entry.CreateRevision, node.Entry.CreateRevision) : node.Entry.CreateRevision;
            holders.Add(new Holder(r.Cluster, r.Name, since, "registered", node, r.Ip, EffectiveVtepIp(mesh, r.VtepIp, r.Ip),
                r.VtepMac ?? VtepMacDerivation.Derive(r.Cluster, r.Name), r.PodCidrs));
        }
        var candidateKeys = candidates.Select(c => c.Entry.Key).ToHashSet(StringComparer.Ordinal);
        DateTimeOffset? nextLapse = null;
        foreach (var claim in contents.Claims)
        {
            var c = claim.Claim;
            var isRegistered = registered.TryGetValue((c.Cluster, c.Node), out var node);
            if ((isRegistered && candidateKeys.Contains(node!.Entry.Key)) || !claim.HoldsAt(now, isRegistered))
            {
                continue;
            }
            if (!isRegistered)
            {
                nextLapse = nextLapse is { } t && t < c.HeldUntil ? t : c.HeldUntil;
            }
            var what = isRegistered ? "claim of a registered node not in the mesh" : $"claim held until {c.HeldUntil:u} (node not registered)";
            holders.Add(new Holder(c.Cluster, c.Node, claim.Entry.CreateRevision, what, null, c.Ip, c.VtepIp, c.VtepMac, c.PodCidrs));
        }
        if (mesh.VtepCidr is not null)
        {
            foreach (var (ip, allocation) in contents.Allocations)
            {
                holders.Add(new Holder(allocation.Cluster, allocation.Node, contents.AllocationRevisions.GetValueOrDefault(ip),
                    $"VTEP allocation {keys.VtepIp(ip)}", null, null, ip, null, []));
            }
        }

        var held = new Held();
        var kept = new List<RegisteredNode>();
        var excluded = new List<ExcludedNode>();
        var seniority = new Dictionary<string, long>(StringComparer.Ordinal);
        // Registered nodes before claims and allocations of the same age: a node's own claim and allocation never outrank it.
        foreach (var h in holders.OrderBy(h => !h.IsAllocation).ThenBy(h => h.Since).ThenBy(h => h.Node is null).ThenBy(h => h.Identity, StringComparer.Ordinal))
        {
            if (held.Collision(h) is { } collision)
            {
                if (h.Node is { } loser)
                {
                    var (other, what) = collision;
                    excluded.Add(new ExcludedNode(loser.Entry.Key, h.Cluster, h.Name,
                        $"collides with established {other.Identity} ({other.What}, since revision {other.Since}): {what} — the newcomer is left out "
                        + $"(fix: give it its own; if {other.Identity} is gone for good, `vxmesh registry release --cluster {other.Cluster} --node {other.Name}`)"));
                }
                continue;
            }
            held.Add(h);
            if (h.Node is { } winner)
            {
                kept.Add(winner);
                seniority[winner.Entry.Key] = h.Since;
            }
        }
        return new Verdict(kept, excluded, seniority, nextLapse);
    }

    private static IPAddress? EffectiveVtepIp(MeshRecord mesh, IPAddress? given, IPAddress ip) =>
        mesh.VtepCidr is not { } cidr ? null : given ?? VtepIpDerivation.Derive(cidr, ip);

    /// <summary>What the holders accepted so far hold, indexed (blocks of accepted holders never overlap each other).</summary>
    private sealed class Held
    {
        private readonly Dictionary<string, Holder> names = new(StringComparer.Ordinal);
        private readonly Dictionary<IPAddress, Holder> ips = [];
        private readonly Dictionary<IPAddress, Holder> vteps = [];
        private readonly Dictionary<PhysicalAddress, Holder> macs = [];
        private readonly SortedSet<(bool V6, UInt128 First)> starts = [];
        private readonly Dictionary<(bool V6, UInt128 First), (UInt128 Last, Holder Holder, IPNetwork Block)> blocks = [];

        public (Holder Other, string What)? Collision(Holder h)
        {
            if (h.Node is not null && names.TryGetValue(h.Name, out var named) && named.Identity != h.Identity)
            {
                return (named, $"node name '{h.Name}'");
            }
            if (h.Ip is { } ip && (Other(ips, ip, h) ?? Other(vteps, ip, h)) is { } byIp)
            {
                return (byIp, $"underlay ip {ip}");
            }
            if (h.VtepIp is { } vtep && (Other(vteps, vtep, h) ?? Other(ips, vtep, h)) is { } byVtep)
            {
                return (byVtep, $"vtepIp {vtep}");
            }
            if (h.Mac is { } mac && Other(macs, mac, h) is { } byMac)
            {
                return (byMac, $"vtepMac {Core.Model.Mac.Format(mac)}");
            }
            foreach (var block in h.Blocks)
            {
                if (Overlapping(block) is { } other && other.Holder.Identity != h.Identity)
                {
                    return (other.Holder, $"pod block {block} overlaps {other.Block}");
                }
            }
            return null;
        }

        public void Add(Holder h)
        {
            if (h.Node is not null)
            {
                names.TryAdd(h.Name, h);
            }
            if (h.Ip is { } ip)
            {
                ips.TryAdd(ip, h);
            }
            if (h.VtepIp is { } vtep)
            {
                vteps.TryAdd(vtep, h);
            }
            if (h.Mac is { } mac)
            {
                macs.TryAdd(mac, h);
            }
            foreach (var block in h.Blocks)
            {
                var start = (block.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6, IpMath.ToInteger(block.BaseAddress));
                if (starts.Add(start))
                {
                    blocks[start] = (IpMath.ToInteger(IpMath.Last(block)), h, block);
                }
            }
        }

        private static Holder? Other<TKey>(Dictionary<TKey, Holder> index, TKey key, Holder h)
            where TKey : notnull =>
            index.TryGetValue(key, out var other) && other.Identity != h.Identity ? other : null;

        private (UInt128 Last, Holder Holder, IPNetwork Block)? Overlapping(IPNetwork block)
        {
            var v6 = block.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6;
            var (first, last) = (IpMath.ToInteger(block.BaseAddress), IpMath.ToInteger(IpMath.Last(block)));
            // Max of an empty view is the default tuple, which the family and range checks reject (Count would walk the view).
            var candidate = starts.GetViewBetween((v6, UInt128.Zero), (v6, last)).Max;
            return candidate.V6 == v6 && candidate.First <= last && blocks.TryGetValue(candidate, out var held) && held.Last >= first ? held : null;
        }
    }
}
