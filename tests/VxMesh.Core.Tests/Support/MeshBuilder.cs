using System.Net;
using VxMesh.Core.Addressing;
using VxMesh.Core.Model;

namespace VxMesh.Core.Tests.Support;

/// <summary>
/// Builds inventories in code, as the loader would hand them to the planner: VTEP MACs the
/// inventory leaves out are derived from cluster/node names, VTEP IPs (vtepCidr mode only)
/// from the underlay address. Nodes are resolved at <see cref="Build"/>, so mesh settings may
/// be changed after clusters are added.
/// </summary>
public sealed class MeshBuilder
{
    private readonly List<(string Name, string[] Pods, string[] Services, int? PodMtu, ClusterBuilder Nodes)> clusters = [];
    private MeshSettings mesh;

    private MeshBuilder(MeshSettings mesh) => this.mesh = mesh;

    /// <summary>The article's addressing: device addresses from <paramref name="cidr"/>.</summary>
    public static MeshBuilder WithVtepCidr(string cidr) => new(MeshSettings.Default with { VtepCidr = IPNetwork.Parse(cidr) });

    /// <summary>Flannel's addressing: no vtepCidr, routes via the peer's first block address, onlink.</summary>
    public static MeshBuilder Onlink() => new(MeshSettings.Default);

    public MeshBuilder Mesh(Func<MeshSettings, MeshSettings> edit)
    {
        mesh = edit(mesh);
        return this;
    }

    public MeshBuilder Cluster(string name, string podCidr, string serviceCidr, Action<ClusterBuilder> nodes, int? podMtu = null) =>
        Cluster(name, [podCidr], [serviceCidr], nodes, podMtu);

    public MeshBuilder Cluster(string name, string[] podCidrs, string[] serviceCidrs, Action<ClusterBuilder> nodes, int? podMtu = null)
    {
        var builder = new ClusterBuilder();
        nodes(builder);
        clusters.Add((name, podCidrs, serviceCidrs, podMtu, builder));
        return this;
    }

    public Inventory Build(string source = "built-in-test") =>
        new(mesh, clusters.Select(c => new ClusterSpec(
            c.Name,
            CniKind.Calico,
            c.Pods.Select(IPNetwork.Parse).ToValueList(),
            c.Services.Select(IPNetwork.Parse).ToValueList(),
            c.Nodes.Drafts.Select(d => Resolve(c.Name, d)).ToValueList(),
            c.PodMtu)).ToValueList(), source);

    private NodeSpec Resolve(string cluster, NodeDraft draft)
    {
        var ip = IPAddress.Parse(draft.Ip);
        var vtepIp = draft.VtepIp is { } given
            ? IPAddress.Parse(given)
            : mesh.VtepCidr is { } cidr ? VtepIpDerivation.Derive(cidr, ip) : null;
        var mac = draft.Mac is { } text ? Mac.Parse(text) : VtepMacDerivation.Derive(cluster, draft.Name);
        return new NodeSpec(draft.Name, ip, draft.UnderlayDev, vtepIp, mac, draft.Blocks.Select(IPNetwork.Parse).ToValueList());
    }
}

public sealed class ClusterBuilder
{
    internal List<NodeDraft> Drafts { get; } = [];

    public ClusterBuilder Node(string name, string ip, string[] blocks, string? vtepIp = null, string? mac = null, string? underlayDev = null)
    {
        Drafts.Add(new NodeDraft(name, ip, blocks, vtepIp, mac, underlayDev));
        return this;
    }
}

internal sealed record NodeDraft(string Name, string Ip, string[] Blocks, string? VtepIp, string? Mac, string? UnderlayDev);
