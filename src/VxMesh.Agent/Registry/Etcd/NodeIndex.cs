using System.Net;
using System.Net.Sockets;
using VxMesh.Core.Addressing;
using VxMesh.Core.Loading;
using VxMesh.Core.Model;

namespace VxMesh.Agent.Registry.Etcd;

/// <summary>
/// The assembled mesh kept per node, so that one changed registration is validated on its own:
/// the one validator (<see cref="InventoryLoader"/>) checks the node against the mesh and its
/// cluster (a document of one node), and indexes check what only the whole mesh can tell — a name,
/// an underlay address, a VTEP address or MAC used twice, a pod block overlapping another node's
/// (an interval index: blocks of accepted nodes never overlap, so the one that starts last at or
/// before a block's end is the only candidate), an address inside a cluster range, another family.
/// <para>
/// This is a fast path, never a second rulebook: whenever a check finds anything — a conflict, a
/// node the validator refuses, a registration without blocks, a mesh that already left nodes out —
/// <see cref="TryApply"/> says no and the source assembles the whole registry as before, whose
/// verdict (who is left out, and why) is the only one. In the common case (a valid node joins,
/// changes or leaves) both paths give the same inventory; tests hold them to that.
/// </para>
/// </summary>
internal sealed class NodeIndex
{
    /// <summary>The claims' and allocations' side of the registry for one node: its claim's create revision, an address's owner.</summary>
    public sealed record HolderLookup(Func<string, string, long?> ClaimRevision, Func<IPAddress, VtepAllocation?> Allocation)
    {
        public static HolderLookup None { get; } = new((_, _) => null, _ => null);

        /// <summary>Decodes only the keys asked for, from the source's view.</summary>
        public static HolderLookup Of(IReadOnlyDictionary<string, RegistryEntry> entries, RegistryKeys keys) => new(
            (cluster, node) => entries.TryGetValue(keys.Claim(cluster, node), out var claim) ? claim.CreateRevision : null,
            ip => entries.TryGetValue(keys.VtepIp(ip), out var allocation) ? RegistryJson.TryDecode<VtepAllocation>(allocation.Value.Span, out _) : null);
    }

    private readonly MeshRecord mesh;
    private readonly Dictionary<string, ClusterRecord> clusters;
    private readonly Dictionary<string, Entry> byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> names = new(StringComparer.Ordinal);
    private readonly Dictionary<IPAddress, string> ips = [];
    private readonly Dictionary<IPAddress, string> vtepIps = [];
    private readonly Dictionary<System.Net.NetworkInformation.PhysicalAddress, string> macs = [];
    private readonly SortedSet<(bool V6, UInt128 First)> starts = [];
    private readonly Dictionary<(bool V6, UInt128 First), UInt128> blockLast = [];
    private AddressFamily? family;

    private sealed record Entry(string Cluster, NodeSpec Node, long CreateRevision);

    private NodeIndex(MeshRecord mesh, IEnumerable<ClusterRecord> clusters)
    {
        this.mesh = mesh;
        this.clusters = clusters.ToDictionary(c => c.Name, StringComparer.Ordinal);
    }

    public int Count => byKey.Count;

    /// <summary>
    /// The index of a whole assembly that left nobody out and in which no absent node's claim holds
    /// anything (otherwise null: every change then assembles again, and <see cref="ClaimResolution"/> decides).
    /// </summary>
    public static NodeIndex? Of(RegistryContents contents, RegistryKeys keys, AssembledInventory assembled)
    {
        if (assembled.Inventory is not { } inventory || assembled.Excluded.Count > 0 || assembled.NextLapse is not null || contents.Mesh is not { } mesh)
        {
            return null;
        }
        var index = new NodeIndex(mesh, contents.Clusters);
        var claimed = contents.Claims.ToDictionary(c => keys.Node(c.Claim.Cluster, c.Claim.Node), c => c.Entry.CreateRevision, StringComparer.Ordinal);
        var revisions = contents.Nodes.ToDictionary(n => n.Entry.Key,
            n => claimed.TryGetValue(n.Entry.Key, out var since) ? Math.Min(since, n.Entry.CreateRevision) : n.Entry.CreateRevision, StringComparer.Ordinal);
        foreach (var (cluster, node) in inventory.AllNodes)
        {
            var key = keys.Node(cluster.Name, node.Name);
            index.Add(key, new Entry(cluster.Name, node, revisions.GetValueOrDefault(key)));
        }
        return index;
    }

    /// <summary>
    /// Applies changed node keys (null value: deleted) if every one of them is provably what a whole
    /// assembly would also decide; returns the changes, or null (nothing applied) to ask for one.
    /// </summary>
    /// <param name="lookup">The claims' and VTEP allocations' part of the registry, for the changed nodes only.</param>
    public List<NodeChange>? TryApply(IReadOnlyList<(string Key, RegistryEntry? Entry)> changed, string source, HolderLookup lookup)
    {
        var changes = new List<NodeChange>();
        var applied = new List<(string Key, Entry? Before)>();
        foreach (var (key, entry) in changed)
        {
            var before = byKey.GetValueOrDefault(key);
            Entry? after = null;
            // A node that leaves with a claim keeps what it holds for a while: only the whole assembly says until when.
            if (entry is null && before is not null && lookup.ClaimRevision(before.Cluster, before.Node.Name) is not null)
            {
                Undo(applied);
                return null;
            }
            if (entry is not null)
            {
                after = Validate(entry, source, lookup);
                if (after is null)
                {
                    Undo(applied);
                    return null;
                }
            }
            if (before is not null)
            {
                Remove(key, before);
            }
            if (after is not null && !Fits(after))
            {
                if (before is not null)
                {
                    Add(key, before);
                }
                Undo(applied);
                return null;
            }
            if (after is not null)
            {
                Add(key, after);
            }
            applied.Add((key, before));
            if (before?.Node != after?.Node || before?.Cluster != after?.Cluster)
            {
                changes.Add(new NodeChange(before?.Cluster, before?.Node, after?.Cluster, after?.Node));
            }
        }
        return changes;
    }

    /// <summary>
    /// Whether a claim or VTEP allocation that changed leaves every indexed node's standing as it was:
    /// a claim refreshed by its registered node (it can only make that node older, never younger), an
    /// allocation of an address no other indexed node uses. Anything else asks for a whole assembly.
    /// </summary>
    public bool Unaffected(RegistryKeys keys, string changedKey, IReadOnlyDictionary<string, RegistryEntry> entries)
    {
        switch (keys.Classify(changedKey))
        {
            case RegistryKeyKind.Claim:
                var holder = byKey.GetValueOrDefault(keys.NodesPrefix + changedKey[keys.ClaimsPrefix.Length..]);
                return entries.TryGetValue(changedKey, out var claim)
                    ? holder is not null && holder.CreateRevision <= claim.CreateRevision
                    : holder is null;
            case RegistryKeyKind.VtepIp:
                if (!entries.TryGetValue(changedKey, out var entry) || !IPAddress.TryParse(changedKey[keys.VtepIpsPrefix.Length..], out var ip))
                {
                    return true;
                }
                var owner = RegistryJson.TryDecode<VtepAllocation>(entry.Value.Span, out _);
                return !vtepIps.TryGetValue(ip, out var user) || (owner is not null && byKey.TryGetValue(user, out var e) && owner.IsOwnedBy(e.Cluster, e.Node.Name));
            default:
                return true;
        }
    }

    public (string Cluster, NodeSpec Node)? Find(string name) =>
        names.TryGetValue(name, out var key) && byKey.TryGetValue(key, out var e) ? (e.Cluster, e.Node) : null;

    /// <summary>The inventory a whole assembly would build: clusters by name, nodes by the revision that created them.</summary>
    public Inventory Build(string source)
    {
        var settings = new MeshSettings(mesh.Vni, mesh.Port, mesh.Device, mesh.VtepCidr, mesh.Mtu, mesh.Backend, mesh.TxChecksumOffload);
        var specs = byKey.Values.GroupBy(e => e.Cluster).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => clusters[g.Key] is var c
                ? new ClusterSpec(c.Name, c.Cni, c.PodCidrs.ToValueList(), c.ServiceCidrs.ToValueList(),
                    g.OrderBy(e => e.CreateRevision).ThenBy(e => e.Node.Name, StringComparer.Ordinal).Select(e => e.Node).ToValueList(), c.PodMtu)
                : throw new InvalidOperationException("an indexed node's cluster is gone"));
        return new Inventory(settings, specs.ToValueList(), source);
    }

    /// <summary>The validator on a document of the mesh, the node's cluster and the node alone; null when anything is off.</summary>
    private Entry? Validate(RegistryEntry entry, string source, HolderLookup lookup)
    {
        var registration = RegistryJson.TryDecode<NodeRegistration>(entry.Value.Span, out _);
        if (registration is null || registration.PodCidrs.Count == 0 || !clusters.TryGetValue(registration.Cluster, out var cluster))
        {
            return null;
        }
        var yaml = InventoryYaml.Render(mesh, [(cluster, [registration])]);
        var result = InventoryLoader.Parse(yaml, source);
        if (result.Inventory is not { } one)
        {
            return null;
        }
        var node = one.Clusters[0].Nodes[0];
        // A VTEP address allocated to another node is a collision only the whole assembly may settle.
        if (mesh.VtepCidr is not null && node.VtepIp is { } vtep && lookup.Allocation(vtep) is { } owner && !owner.IsOwnedBy(cluster.Name, node.Name))
        {
            return null;
        }
        var since = lookup.ClaimRevision(cluster.Name, node.Name) is { } claimed ? Math.Min(claimed, entry.CreateRevision) : entry.CreateRevision;
        return new Entry(cluster.Name, node, since);
    }

    /// <summary>What only the whole mesh can tell, for a node validated alone.</summary>
    private bool Fits(Entry e)
    {
        var n = e.Node;
        if (names.ContainsKey(n.Name) || ips.ContainsKey(n.Ip) || macs.ContainsKey(n.VtepMac)
            || (n.VtepIp is { } vtep && vtepIps.ContainsKey(vtep))
            || (family is { } f && n.Ip.AddressFamily != f))
        {
            return false;
        }
        var ranges = clusters.Values.SelectMany(c => c.PodCidrs.Concat(c.ServiceCidrs));
        if (ranges.Any(r => r.Contains(n.Ip)) || (mesh.VtepCidr is { } cidr && cidr.Contains(n.Ip)))
        {
            return false;
        }
        var own = new List<(UInt128, UInt128)>();
        foreach (var block in n.PodCidrs)
        {
            var (first, last) = (IpMath.ToInteger(block.BaseAddress), IpMath.ToInteger(IpMath.Last(block)));
            if (Overlaps(block.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6, first, last) || own.Any(o => o.Item1 <= last && first <= o.Item2))
            {
                return false;
            }
            own.Add((first, last));
        }
        return true;
    }

    private bool Overlaps(bool v6, UInt128 first, UInt128 last)
    {
        // Accepted blocks are disjoint: only the one starting last at or before `last` can reach into [first, last].
        var before = starts.GetViewBetween((v6, UInt128.Zero), (v6, last));
        var candidate = before.Max;
        return blockLast.TryGetValue(candidate, out var end) && candidate.V6 == v6 && candidate.First <= last && end >= first;
    }

    private void Add(string key, Entry e)
    {
        byKey[key] = e;
        names[e.Node.Name] = key;
        ips[e.Node.Ip] = key;
        macs[e.Node.VtepMac] = key;
        if (e.Node.VtepIp is { } vtep)
        {
            vtepIps[vtep] = key;
        }
        foreach (var block in e.Node.PodCidrs)
        {
            var start = (block.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6, IpMath.ToInteger(block.BaseAddress));
            starts.Add(start);
            blockLast[start] = IpMath.ToInteger(IpMath.Last(block));
        }
        family ??= e.Node.Ip.AddressFamily;
    }

    private void Remove(string key, Entry e)
    {
        byKey.Remove(key);
        names.Remove(e.Node.Name);
        ips.Remove(e.Node.Ip);
        macs.Remove(e.Node.VtepMac);
        if (e.Node.VtepIp is { } vtep)
        {
            vtepIps.Remove(vtep);
        }
        foreach (var block in e.Node.PodCidrs)
        {
            var start = (block.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6, IpMath.ToInteger(block.BaseAddress));
            starts.Remove(start);
            blockLast.Remove(start);
        }
        if (byKey.Count == 0)
        {
            family = null;
        }
    }

    private void Undo(List<(string Key, Entry? Before)> applied)
    {
        for (var i = applied.Count - 1; i >= 0; i--)
        {
            var (key, before) = applied[i];
            if (byKey.TryGetValue(key, out var now))
            {
                Remove(key, now);
            }
            if (before is not null)
            {
                Add(key, before);
            }
        }
    }
}
