using System.Net;
using VxMesh.Core.Addressing;
using VxMesh.Core.Model;

namespace VxMesh.Bench.ControlPlane;

/// <summary>
/// A mesh of one measured node ("self") and N peers in another cluster, so every peer costs
/// one ARP, one FDB, one nexthop and one route — the article's per-peer state. Addresses come
/// from the lab ranges: underlay 198.18.0.0/17, VTEPs 198.18.128.0/17 (host part kept, as
/// the article plans them), peer pod blocks /30s of 198.19.0.0/16, self's block in TEST-NET-1.
/// </summary>
public static class SyntheticMesh
{
    public const string Self = "self";
    public const string Device = "vxbench0";
    public const int MaxPeers = 16_000;
    public const string SelfUnderlay = "198.18.0.1/17";

    public static Inventory Build(int peers)
    {
        if (peers is < 1 or > MaxPeers)
        {
            throw new ArgumentOutOfRangeException(nameof(peers), $"peers must be 1..{MaxPeers}");
        }
        var mesh = MeshSettings.Default with { Vni = 4242, Device = Device, VtepCidr = IPNetwork.Parse("198.18.128.0/17") };
        var self = new ClusterSpec("local", CniKind.Calico, ValueList.Of(IPNetwork.Parse("192.0.2.0/24")),
            ValueList<IPNetwork>.Empty, ValueList.Of(Node(mesh, "local", Self, 0, IPNetwork.Parse("192.0.2.0/26"))));
        var remote = new ClusterSpec("remote", CniKind.Calico, ValueList.Of(IPNetwork.Parse("198.19.0.0/16")),
            ValueList<IPNetwork>.Empty,
            Enumerable.Range(1, peers).Select(i => Node(mesh, "remote", $"peer-{i}", i, Block(i))).ToValueList());
        return new Inventory(mesh, ValueList.Of(self, remote), $"synthetic mesh of {peers} peers");
    }

    /// <summary>The same mesh with one more peer: what a node joining costs.</summary>
    public static Inventory WithExtraPeer(Inventory inventory)
    {
        var remote = inventory.Clusters[1];
        var next = remote.Nodes.Count + 1;
        var grown = remote with { Nodes = remote.Nodes.Append(Node(inventory.Mesh, remote.Name, $"peer-{next}", next, Block(next))).ToValueList() };
        return inventory with { Clusters = ValueList.Of(inventory.Clusters[0], grown) };
    }

    private static NodeSpec Node(MeshSettings mesh, string cluster, string name, int index, IPNetwork block)
    {
        var ip = Offset(IPAddress.Parse("198.18.0.1"), index);
        return new NodeSpec(name, ip, "eth0", VtepIpDerivation.Derive(mesh.VtepCidr!.Value, ip), VtepMacDerivation.Derive(cluster, name), ValueList.Of(block));
    }

    private static IPNetwork Block(int index) => new(Offset(IPAddress.Parse("198.19.0.0"), (index - 1) * 4), 30);

    private static IPAddress Offset(IPAddress start, int by) =>
        IpMath.FromInteger(IpMath.ToInteger(start) + (UInt128)by, start.AddressFamily);
}
