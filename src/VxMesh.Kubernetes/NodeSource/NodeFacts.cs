using System.Net;
using k8s.Models;
using VxMesh.Core.Model;

namespace VxMesh.Kubernetes.NodeSource;

/// <summary>What the agent learns about its node from the API: its underlay address and its pod blocks.</summary>
public sealed record NodeFacts(IPAddress Ip, IReadOnlyList<IPNetwork> Blocks)
{
    public bool SameAs(NodeFacts other) => Ip.Equals(other.Ip) && Blocks.SequenceEqual(other.Blocks);

    public override string ToString() => $"ip {Ip}, blocks [{string.Join(", ", Blocks)}]";
}

/// <summary>One BlockAffinity as Calico keeps it.</summary>
public sealed record BlockAffinity(string Node, string Cidr, string State, bool Deleted);

/// <summary>
/// From a Node (and, in calico clusters, the BlockAffinities) to <see cref="NodeFacts"/>, the way
/// flannel and Calico read them: the address is the Node's InternalIP unless the
/// vxmesh.io/underlay-ip annotation names another; blocks are spec.podCIDRs, or in calico
/// clusters the node's confirmed affinities (Calico's IPAM ignores podCIDR). Pure.
/// </summary>
public static class NodeFactsReader
{
    /// <summary>The facts, or null with the reason they are not there yet (no address, no block).</summary>
    public static NodeFacts? From(V1Node node, IEnumerable<BlockAffinity> affinities, CniKind cni, out string? missing)
    {
        missing = null;
        var name = node.Metadata.Name;
        IPAddress? ip = null;
        if (node.Metadata.Annotations?.TryGetValue(Names.UnderlayIpAnnotation, out var given) == true)
        {
            if (!IPAddress.TryParse(given, out ip))
            {
                missing = $"node {name}: annotation {Names.UnderlayIpAnnotation}={given} is not an IP address (fix: write the node's underlay address, or remove it)";
                return null;
            }
        }
        ip ??= node.Status?.Addresses?.Where(a => a.Type == "InternalIP")
            .Select(a => IPAddress.TryParse(a.Address, out var parsed) ? parsed : null).OfType<IPAddress>().FirstOrDefault();
        if (ip is null)
        {
            missing = $"node {name} has no InternalIP yet";
            return null;
        }
        var blocks = cni == CniKind.Calico
            ? affinities.Where(a => a.Node == name && a.State == "confirmed" && !a.Deleted).Select(a => a.Cidr)
            : node.Spec?.PodCIDRs?.Count > 0 ? node.Spec.PodCIDRs : node.Spec?.PodCIDR is { } one ? [one] : [];
        var parsedBlocks = blocks.Select(b => IPNetwork.TryParse(b, out var n) ? n : (IPNetwork?)null).OfType<IPNetwork>()
            .Where(b => b.BaseAddress.AddressFamily == ip.AddressFamily).Distinct().OrderBy(b => b.ToString(), StringComparer.Ordinal).ToList();
        if (parsedBlocks.Count == 0)
        {
            missing = cni == CniKind.Calico
                ? $"node {name} has no confirmed BlockAffinity yet"
                : $"node {name} has no spec.podCIDR yet (is kube-controller-manager running with --allocate-node-cidrs?)";
            return null;
        }
        return new NodeFacts(ip, parsedBlocks);
    }
}
