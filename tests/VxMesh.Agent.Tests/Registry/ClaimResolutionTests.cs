using System.Net;
using System.Net.NetworkInformation;
using VxMesh.Agent.Registry.Etcd;
using VxMesh.Core.Addressing;
using VxMesh.Core.Model;

namespace VxMesh.Agent.Tests.Registry;

/// <summary>
/// Conflicts the established owner wins (<see cref="ClaimResolution"/> through the assembler): the
/// squatter that outlived a graceful restart, keys copying another cluster's addresses, whatever the
/// clusters are called. Pure: registry contents and a fixed time in, the verdict out.
/// </summary>
public sealed class ClaimResolutionTests
{
    private static readonly RegistryKeys Keys = new("/vxmesh/");
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-03T06:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(10);
    private long revision;

    private RegistryEntry Entry<T>(string key, T value, long lease = 0) => new(key, RegistryJson.Encode(value), ++revision, revision, lease);

    private RegistryEntry Mesh() =>
        Entry(Keys.Mesh, new MeshRecord(42, 4789, "vxm0", IPNetwork.Parse("198.19.250.0/24"), null, Backend.Vxlan, true, Now));

    // "a-newcomers" sorts before "z-established": under the old rule (cluster name first) the newcomer won.
    private RegistryEntry Cluster(string name, string podCidr) =>
        Entry(Keys.Cluster(name), new ClusterRecord(name, CniKind.Calico, [IPNetwork.Parse(podCidr)], [], null, Now));

    private static NodeRegistration Registration(string cluster, string name, string ip, string block, string? vtepIp = null, PhysicalAddress? mac = null) =>
        new(cluster, name, IPAddress.Parse(ip), null, vtepIp is null ? null : IPAddress.Parse(vtepIp), mac, [IPNetwork.Parse(block)], Now, Now, "test");

    private RegistryEntry Node(NodeRegistration r, long lease = 7) => Entry(Keys.Node(r.Cluster, r.Name), r, lease);

    private RegistryEntry Claim(NodeRegistration r, DateTimeOffset heldUntil) =>
        Entry(Keys.Claim(r.Cluster, r.Name), new NodeClaim(r.Cluster, r.Name, r.Ip, r.VtepIp, r.VtepMac ?? VtepMacDerivation.Derive(r.Cluster, r.Name),
            r.PodCidrs, Now, heldUntil, "test"));

    private RegistryEntry Allocation(string ip, string cluster, string node) =>
        Entry(Keys.VtepIp(IPAddress.Parse(ip)), new VtepAllocation(cluster, node, Now));

    private static AssembledInventory Assemble(DateTimeOffset at, params RegistryEntry[] entries) =>
        InventoryAssembler.Assemble(RegistryContents.Decode(Keys, 1000, entries), Keys, "etcd://test/vxmesh/", time: new FixedTime(at));

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static string[] InMesh(AssembledInventory a) => a.Inventory!.AllNodes.Select(n => n.Node.Name).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void Squatter_AfterTheOwnersGracefulRestart_StaysOut_TheOwnerKeepsItsBlock()
    {
        var owner = Registration("z-established", "n003", "192.0.2.16", "198.18.136.0/24", "198.19.250.16");
        var mesh = Mesh();
        var cluster = Cluster("z-established", "198.18.128.0/20");
        var allocation = Allocation("198.19.250.16", "z-established", "n003");
        var claim = Claim(owner, Now + Grace);
        // The squatter: a leaseless key claiming n003's block, written while n003 ran; then n003 restarts (a newer key).
        var squatter = Node(Registration("z-established", "squatter", "192.0.2.99", "198.18.136.0/24"), lease: 0);
        var restarted = Node(owner);

        var result = Assemble(Now, mesh, cluster, allocation, claim, squatter, restarted);

        Assert.Equal(["n003"], InMesh(result));
        var excluded = Assert.Single(result.Excluded);
        Assert.Equal("squatter", excluded.Name);
        Assert.Contains("collides with established z-established/n003", excluded.Reason);
        Assert.Contains("pod block 198.18.136.0/24", excluded.Reason);
        Assert.Null(result.NextLapse);
    }

    [Fact]
    public void Squatter_WhileTheOwnerIsAway_StaysOutUntilTheClaimRunsOut_ThenGetsIn()
    {
        var owner = Registration("z-established", "n003", "192.0.2.16", "198.18.136.0/24");
        var other = Registration("z-established", "n004", "192.0.2.44", "198.18.137.0/24");
        var entries = new[]
        {
            Mesh(), Cluster("z-established", "198.18.128.0/20"), Claim(owner, Now + Grace), Node(other),
            Node(Registration("z-established", "squatter", "192.0.2.99", "198.18.136.0/24"), lease: 0),
        };

        var away = Assemble(Now + TimeSpan.FromMinutes(9), entries);
        var lapsed = Assemble(Now + Grace + TimeSpan.FromSeconds(1), entries);

        Assert.Equal(["n004"], InMesh(away));
        Assert.Contains("claim held until", Assert.Single(away.Excluded).Reason);
        Assert.Equal(Now + Grace, away.NextLapse);
        Assert.Equal(["n004", "squatter"], InMesh(lapsed));
        Assert.Null(lapsed.NextLapse);
    }

    [Theory]
    [InlineData("ip")]
    [InlineData("mac")]
    [InlineData("vtep")]
    public void CrossClusterCopy_NewKeyInAnEarlierNamedCluster_IsLeftOut_TheEstablishedNodeStays(string copied)
    {
        var established = Registration("z-established", "n005", "192.0.2.15", "198.18.136.0/24", "198.19.250.15", Mac.Parse("c2:00:00:00:00:05"));
        var entries = new List<RegistryEntry>
        {
            Mesh(), Cluster("a-newcomers", "198.18.160.0/20"), Cluster("z-established", "198.18.128.0/20"),
            Allocation("198.19.250.15", "z-established", "n005"), Node(established), Claim(established, Now + Grace),
        };
        var copy = Registration("a-newcomers", "clone", copied == "ip" ? "192.0.2.15" : "192.0.2.77", "198.18.160.0/24",
            copied == "vtep" ? "198.19.250.15" : "198.19.250.77", copied == "mac" ? established.VtepMac : null);
        entries.Add(Node(copy, lease: 0));

        var result = Assemble(Now, [.. entries]);

        Assert.Equal(["n005"], InMesh(result));
        var excluded = Assert.Single(result.Excluded);
        Assert.Equal(("a-newcomers", "clone"), (excluded.Cluster, excluded.Name));
        Assert.Contains("z-established/n005", excluded.Reason);
    }

    [Fact]
    public void VtepCopy_OlderThanTheOwnersRegistration_LosesToTheAllocation()
    {
        // The copy was registered first, but vtep-ips/ says whose the address is: allocation is compare-and-swap, a key is not.
        var copy = Node(Registration("a-newcomers", "clone", "192.0.2.77", "198.18.160.0/24", "198.19.250.15"), lease: 0);
        var owner = Registration("z-established", "n005", "192.0.2.15", "198.18.136.0/24", "198.19.250.15");

        var result = Assemble(Now, Mesh(), Cluster("a-newcomers", "198.18.160.0/20"), Cluster("z-established", "198.18.128.0/20"),
            copy, Allocation("198.19.250.15", "z-established", "n005"), Node(owner));

        Assert.Equal(["n005"], InMesh(result));
        var excluded = Assert.Single(result.Excluded);
        Assert.Equal("clone", excluded.Name);
        Assert.Contains("VTEP allocation /vxmesh/vtep-ips/198.19.250.15", excluded.Reason);
    }

    [Fact]
    public void LapsedClaim_ReservesNothing()
    {
        var gone = Registration("z-established", "gone", "192.0.2.16", "198.18.136.0/24");
        var result = Assemble(Now, Mesh(), Cluster("z-established", "198.18.128.0/20"), Claim(gone, Now - TimeSpan.FromSeconds(1)),
            Node(Registration("z-established", "heir", "192.0.2.16", "198.18.136.0/24")));

        Assert.Equal(["heir"], InMesh(result));
        Assert.Empty(result.Excluded);
        Assert.Null(result.NextLapse);
    }

    [Fact]
    public void ClaimRecord_UnderAnotherNodesKey_IsUnreadable_AndReservesNothing()
    {
        var victim = Registration("z-established", "victim", "192.0.2.16", "198.18.136.0/24");
        var forged = new RegistryEntry(Keys.Claim("z-established", "intruder"),
            RegistryJson.Encode(new NodeClaim("z-established", "victim", victim.Ip, null, VtepMacDerivation.Derive("z-established", "victim"), victim.PodCidrs, Now, Now + Grace, "test")),
            ++revision, revision, 0);

        var contents = RegistryContents.Decode(Keys, 1000, [Mesh(), Cluster("z-established", "198.18.128.0/20"), forged]);

        Assert.Empty(contents.Claims);
        Assert.Contains("belongs at /vxmesh/claims/z-established/victim", Assert.Single(contents.Undecodable).Error);
    }
}
