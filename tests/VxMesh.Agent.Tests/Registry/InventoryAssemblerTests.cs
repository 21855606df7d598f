using System.Net;
using System.Text;
using VxMesh.Agent.Registry.Etcd;
using VxMesh.Core.Model;

namespace VxMesh.Agent.Tests.Registry;

/// <summary>Registry contents → one validated inventory; bad registrations are quarantined, not fatal. No etcd needed.</summary>
public sealed class InventoryAssemblerTests
{
    private static readonly RegistryKeys Keys = new("/vxmesh/");
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2025-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    private long revision;

    private RegistryEntry Entry<T>(string key, T value, long lease = 0) =>
        new(key, RegistryJson.Encode(value), ++revision, revision, lease);

    private RegistryEntry Mesh(string? vtepCidr = "198.19.250.0/24") =>
        Entry(Keys.Mesh, new MeshRecord(42, 4789, "vxm0", vtepCidr is null ? null : IPNetwork.Parse(vtepCidr), null, Backend.Vxlan, true, Now));

    private RegistryEntry Cluster(string name, string podCidr) =>
        Entry(Keys.Cluster(name), new ClusterRecord(name, CniKind.Calico, [IPNetwork.Parse(podCidr)], [], null, Now));

    private RegistryEntry Node(string cluster, string name, string ip, params string[] blocks) =>
        Entry(Keys.Node(cluster, name), new NodeRegistration(cluster, name, IPAddress.Parse(ip), null, null, null,
            blocks.Select(IPNetwork.Parse).ToList(), Now, Now, "test"), lease: 7);

    private static AssembledInventory Assemble(params RegistryEntry[] entries) =>
        InventoryAssembler.Assemble(RegistryContents.Decode(Keys, 100, entries), Keys, "etcd://test/vxmesh/");

    [Fact]
    public void Assemble_ValidRegistry_GivesTheInventoryWithDerivedVtepValues()
    {
        var result = Assemble(Mesh(), Cluster("east", "198.18.128.0/20"), Node("east", "a", "192.0.2.1", "198.18.128.0/24"));

        Assert.NotNull(result.Inventory);
        Assert.Equal("etcd://test/vxmesh/", result.Inventory.Source);
        var node = result.Inventory.FindNode("a")!.Value.Node;
        Assert.Equal(IPAddress.Parse("198.19.250.1"), node.VtepIp);
        Assert.Empty(result.Excluded);
    }

    [Fact]
    public void Assemble_LaterNodeClaimsAnEarlierNodesBlock_OnlyTheLaterOneIsLeftOut()
    {
        var result = Assemble(Mesh(), Cluster("east", "198.18.128.0/20"),
            Node("east", "first", "192.0.2.1", "198.18.128.0/24"),
            Node("east", "second", "192.0.2.2", "198.18.128.0/25"),
            Node("east", "third", "192.0.2.3", "198.18.129.0/24"));

        Assert.NotNull(result.Inventory);
        Assert.Equal(["first", "third"], result.Inventory.AllNodes.Select(n => n.Node.Name));
        var left = Assert.Single(result.Excluded);
        Assert.Equal(Keys.Node("east", "second"), left.Key);
        Assert.Contains("overlaps", left.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Assemble_NodeWithoutBlocksOrCluster_LeftOutWithReason()
    {
        var result = Assemble(Mesh(), Cluster("east", "198.18.128.0/20"),
            Node("east", "a", "192.0.2.1", "198.18.128.0/24"),
            Node("east", "empty", "192.0.2.2"),
            Node("nowhere", "lost", "192.0.2.3", "198.18.200.0/24"));

        Assert.Equal(["a"], result.Inventory!.AllNodes.Select(n => n.Node.Name));
        Assert.Contains(result.Excluded, e => e.Name == "empty" && e.Reason.Contains("no pod blocks", StringComparison.Ordinal));
        Assert.Contains(result.Excluded, e => e.Name == "lost" && e.Reason.Contains("not in the registry", StringComparison.Ordinal));
    }

    [Fact]
    public void Assemble_NoMesh_FailsWithTheCommandToRun()
    {
        var result = Assemble(Cluster("east", "198.18.128.0/20"), Node("east", "a", "192.0.2.1", "198.18.128.0/24"));

        Assert.Null(result.Inventory);
        Assert.Contains("vxmesh registry load", Assert.Single(result.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Assemble_NameThatLooksLikeYaml_ReachesTheValidatorAsText()
    {
        var result = Assemble(Mesh(), Cluster("east", "198.18.128.0/20"),
            Node("east", "ok", "192.0.2.1", "198.18.128.0/24"),
            Node("east", "x\n  ip: 192.0.2.9", "192.0.2.2", "198.18.129.0/24"));

        Assert.Equal(["ok"], result.Inventory!.AllNodes.Select(n => n.Node.Name));
        Assert.Contains(result.Excluded, e => e.Reason.StartsWith("rejected", StringComparison.Ordinal));
    }

    [Fact]
    public void Assemble_UnreadableRegistration_LeftOutOthersKept()
    {
        var garbage = new RegistryEntry(Keys.Node("east", "junk"), Encoding.UTF8.GetBytes("{\"name\":3}"), 50, 50, 9);

        var result = Assemble(Mesh(), Cluster("east", "198.18.128.0/20"), Node("east", "a", "192.0.2.1", "198.18.128.0/24"), garbage);

        Assert.NotNull(result.Inventory);
        Assert.Contains(result.Excluded, e => e.Name == "junk" && e.Reason.StartsWith("unreadable", StringComparison.Ordinal));
    }

    [Fact]
    public void Assemble_MeshLevelProblem_FailsWholeWithoutBlamingNodes()
    {
        // A vtepCidr overlapping the cluster's pod range is the mesh's fault, not a node's.
        var result = Assemble(Mesh("198.18.128.0/24"), Cluster("east", "198.18.128.0/20"), Node("east", "a", "192.0.2.1", "198.18.129.0/24"));

        Assert.Null(result.Inventory);
        Assert.NotEmpty(result.Problems);
        Assert.Empty(result.Excluded);
    }

    [Fact]
    public void Keys_PrefixIsNormalised_AndKeysClassified()
    {
        var keys = new RegistryKeys("vxmesh");

        Assert.Equal("/vxmesh/", keys.Prefix);
        Assert.Equal(RegistryKeyKind.Node, keys.Classify("/vxmesh/nodes/east/a"));
        Assert.Equal(RegistryKeyKind.Unknown, keys.Classify("/vxmesh/nodes/east"));
        Assert.Equal(RegistryKeyKind.VtepIp, keys.Classify("/vxmesh/vtep-ips/198.19.250.1"));
        Assert.Equal(RegistryKeyKind.ServiceExport, keys.Classify(keys.ServiceExport("east", "web", "nginx")));
        Assert.Equal("/vxmesh/service-exports/east/web/nginx", keys.ServiceExport("east", "web", "nginx"));
        Assert.Equal(RegistryKeyKind.Unknown, keys.Classify("/vxmesh/service-exports/east/web"));
        Assert.Equal("/vxmesh0", Encoding.UTF8.GetString(RegistryKeys.RangeEnd("/vxmesh/")));
    }
}
