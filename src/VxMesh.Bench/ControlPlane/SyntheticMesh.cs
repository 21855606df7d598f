using System.Net;
using VxMesh.Agent.Registry.Etcd;
using VxMesh.Core.Addressing;
using VxMesh.Core.Model;

namespace VxMesh.Bench.ControlPlane;

/// <summary>
/// A mesh of one measured node ("self") and N peers in another cluster, so every peer costs
/// one ARP, one FDB, one nexthop and one route — the article's per-peer state. Addresses come
/// from the lab ranges and scale to 60,000 peers: underlay 198.18.0.0/16, one /32 pod block per
/// peer in 198.19.0.0/16, self's block in TEST-NET-1. Onlink addressing (no vtepCidr): a VTEP
/// range as well would not fit 50,000 peers into 198.18.0.0/15, and the kernel's per-peer work is
/// the same — a neighbour, an FDB entry, a nexthop (via the block's address, onlink), a route.
/// </summary>
public static class SyntheticMesh
{
    public const string Self = "self";
    public const string Device = "vxbench0";
    public const int MaxPeers = 60_000;
    public const string SelfUnderlay = "198.18.0.1/16";
    public const string RemoteCluster = "remote";

    public static Inventory Build(int peers)
    {
        if (peers is < 1 or > MaxPeers)
        {
            throw new ArgumentOutOfRangeException(nameof(peers), $"peers must be 1..{MaxPeers}");
        }
        var mesh = MeshSettings.Default with { Vni = 4242, Device = Device };
        var self = new ClusterSpec("local", CniKind.Calico, ValueList.Of(IPNetwork.Parse("192.0.2.0/24")),
            ValueList<IPNetwork>.Empty, ValueList.Of(new NodeSpec(Self, IPAddress.Parse("198.18.0.1"), "eth0", null,
                VtepMacDerivation.Derive("local", Self), ValueList.Of(IPNetwork.Parse("192.0.2.0/26")))));
        var remote = new ClusterSpec(RemoteCluster, CniKind.Calico, ValueList.Of(IPNetwork.Parse("198.19.0.0/16")),
            ValueList<IPNetwork>.Empty, Enumerable.Range(1, peers).Select(Peer).ToValueList());
        return new Inventory(mesh, ValueList.Of(self, remote), $"synthetic mesh of {peers} peers");
    }

    /// <summary>Peer <paramref name="index"/> (1-based): underlay 198.18.0.1 + index, pod block 198.19.0.0 + index as a /32.</summary>
    public static NodeSpec Peer(int index) =>
        new($"peer-{index}", Offset(IPAddress.Parse("198.18.0.1"), index), "eth0", null,
            VtepMacDerivation.Derive(RemoteCluster, $"peer-{index}"), ValueList.Of(new IPNetwork(Offset(IPAddress.Parse("198.19.0.0"), index), 32)));

    /// <summary>The same mesh with one more peer: what a node joining costs.</summary>
    public static Inventory WithExtraPeer(Inventory inventory)
    {
        var remote = inventory.Clusters[1];
        var grown = remote with { Nodes = remote.Nodes.Append(Peer(remote.Nodes.Count + 1)).ToValueList() };
        return inventory with { Clusters = ValueList.Of(inventory.Clusters[0], grown) };
    }

    /// <summary>The mesh as an inventory file, for a real agent process in file mode (rendered as the registry renders one).</summary>
    public static string Yaml(Inventory inventory)
    {
        var now = DateTimeOffset.UnixEpoch;
        return InventoryYaml.Render(MeshRecord.From(inventory.Mesh, now), inventory.Clusters.Select(c =>
            (new ClusterRecord(c.Name, c.Cni, c.PodCidrs, c.ServiceCidrs, c.PodMtu, now),
             (IReadOnlyList<NodeRegistration>)c.Nodes.Select(n => Convergence.SyntheticRegistry.Registration(c.Name, n, now)).ToList())));
    }

    private static IPAddress Offset(IPAddress start, int by) =>
        IpMath.FromInteger(IpMath.ToInteger(start) + (UInt128)by, start.AddressFamily);
}
