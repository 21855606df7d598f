using System.Net;
using System.Net.Sockets;
using VxMesh.Core.Addressing;
using VxMesh.Netlink;

namespace VxMesh.Agent.Discovery;

/// <summary>The node's underlay: the address peers send VXLAN packets to, and the device holding it.</summary>
public sealed record UnderlayAddress(IPAddress Ip, string Device);

/// <param name="FlannelSubnetFile">flanneld's subnet file (tests point it elsewhere).</param>
/// <param name="FlannelBridge">The bridge flannel's CNI plugin puts pods on; its subnet is the node's block.</param>
public sealed record DiscoveryOptions(string FlannelSubnetFile, string FlannelBridge)
{
    public static DiscoveryOptions Default { get; } = new(FlannelSubnetEnv.DefaultPath, "cni0");
}

/// <summary>Discovery found nothing usable where it had to (no default route, no address on the device).</summary>
public sealed class DiscoveryException(string message) : Exception(message);

/// <summary>
/// What a node can tell about itself from its own kernel, so it needs no hand-written inventory
/// entry. Reads only (one namespace, the one <see cref="RtnlClient"/> is bound to); never writes.
/// <para>
/// Pod blocks come from whichever CNI left traces: Calico installs a <c>blackhole</c> route for
/// every IPAM block it assigns to the node (so the node never leaks traffic for unallocated
/// addresses inside its own block); flannel puts the node's gateway address on the <c>cni0</c>
/// bridge and writes it to <c>/run/flannel/subnet.env</c>. All three are read and united, keeping
/// only blocks inside the cluster's pod CIDRs: that filter is what keeps an unrelated blackhole
/// (a null route an operator added) out of the mesh. Without the cluster's CIDRs nothing is
/// reported.
/// </para>
/// </summary>
public sealed class LocalDiscovery(RtnlClient rtnl, DiscoveryOptions? options = null)
{
    private const byte RtnBlackhole = 6;
    private const byte RtnUnicast = 1;
    private const byte ScopeUniverse = 0;
    private static readonly AddressFamily[] Families = [AddressFamily.InterNetwork, AddressFamily.InterNetworkV6];

    private readonly DiscoveryOptions options = options ?? DiscoveryOptions.Default;

    /// <summary>
    /// The primary global address of <paramref name="device"/>, or — without one — of the device
    /// holding the default route (IPv4 first, then IPv6; the lowest metric wins).
    /// </summary>
    public UnderlayAddress DiscoverUnderlay(string? device)
    {
        var links = rtnl.GetLinks();
        LinkInfo link;
        if (device is not null)
        {
            link = links.FirstOrDefault(l => l.Name == device)
                ?? throw new DiscoveryException($"underlay device '{device}' does not exist");
        }
        else
        {
            var route = Families.SelectMany(f => rtnl.GetRoutes(f))
                .Where(r => r.Destination.PrefixLength == 0 && r.Type == RtnUnicast && r.OutIndex is not null)
                .OrderBy(r => r.Destination.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 0 : 1)
                .ThenBy(r => r.Priority ?? 0)
                .FirstOrDefault()
                ?? throw new DiscoveryException("no default route with an output device: give the underlay device (--underlay-dev) or the node's ip");
            link = links.FirstOrDefault(l => l.Index == route.OutIndex)
                ?? throw new DiscoveryException($"the default route's device (index {route.OutIndex}) vanished");
        }
        var address = Families.SelectMany(f => rtnl.GetAddresses(f))
            .Where(a => a.Index == link.Index && a.Scope == ScopeUniverse)
            .OrderBy(a => a.Family == AddressFamily.InterNetwork ? 0 : 1)
            .FirstOrDefault()
            ?? throw new DiscoveryException($"device {link.Name} has no global address to use as the underlay ip");
        return new UnderlayAddress(address.Address, link.Name);
    }

    /// <summary>The node's pod blocks inside <paramref name="clusterPodCidrs"/>, sorted, nested duplicates removed.</summary>
    public IReadOnlyList<IPNetwork> DiscoverPodBlocks(IReadOnlyList<IPNetwork> clusterPodCidrs)
    {
        if (clusterPodCidrs.Count == 0)
        {
            return [];
        }
        var found = CalicoBlocks().Concat(FlannelBridgeBlocks());
        if (FlannelSubnetEnv.Read(options.FlannelSubnetFile) is { } fromFile)
        {
            found = found.Append(fromFile);
        }
        var inside = found.Where(b => clusterPodCidrs.Any(c => IpMath.Covers(c, b))).Distinct().ToList();
        return inside
            .Where(b => !inside.Any(o => !o.Equals(b) && IpMath.Covers(o, b)))
            .OrderBy(b => b.BaseAddress.AddressFamily)
            .ThenBy(b => IpMath.ToInteger(b.BaseAddress))
            .ThenBy(b => b.PrefixLength)
            .ToList();
    }

    /// <summary>Calico: one <c>blackhole BLOCK proto bird</c> route per IPAM block affine to this node.</summary>
    private IEnumerable<IPNetwork> CalicoBlocks() =>
        Families.SelectMany(f => rtnl.GetRoutes(f)).Where(r => r.Type == RtnBlackhole).Select(r => r.Destination);

    /// <summary>flannel: the bridge holds the block's first address (10.244.1.1/24 → 10.244.1.0/24).</summary>
    private List<IPNetwork> FlannelBridgeBlocks()
    {
        var bridge = rtnl.GetLinks().FirstOrDefault(l => l.Name == options.FlannelBridge);
        return bridge is null
            ? []
            : rtnl.GetAddresses().Where(a => a.Index == bridge.Index && a.Scope == ScopeUniverse)
                .Select(a => IpMath.Canonical(a.Address, a.PrefixLength)).ToList();
    }
}
