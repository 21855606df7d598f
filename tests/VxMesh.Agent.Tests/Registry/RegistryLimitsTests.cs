using System.Net;
using System.Text;
using VxMesh.Agent.Registry.Etcd;
using VxMesh.Core.Model;

namespace VxMesh.Agent.Tests.Registry;

/// <summary>What one registration may claim, enforced where records are decoded. No etcd needed.</summary>
public sealed class RegistryLimitsTests
{
    private static readonly RegistryKeys Keys = new("/vxmesh/");
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2025-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    private long revision;

    [Theory]
    [InlineData(1_000, "claims 1,000 pod blocks, more than the limit of 64 per node")]
    [InlineData(4_000, "a value of 78,")] // 4,000 blocks pass the record size limit first
    public void Assemble_RegistrationWithThousandsOfSlash32Blocks_LeftOutNoRoutesForIt(int count, string reason)
    {
        var blocks = Enumerable.Range(0, count).Select(i => $"198.18.{128 + (i >> 8)}.{i & 255}/32").ToArray();

        var result = Assemble(null, Mesh(), Cluster(), Node("a", "192.0.2.1", "198.18.144.0/24"), Node("greedy", "192.0.2.2", blocks));

        Assert.Equal(["a"], result.Inventory!.AllNodes.Select(n => n.Node.Name));
        Assert.Single(result.Inventory.AllNodes.SelectMany(n => n.Node.PodCidrs));
        var left = Assert.Single(result.Excluded);
        Assert.Equal(Keys.Node("east", "greedy"), left.Key);
        Assert.Contains(reason, left.Reason);
    }

    [Fact]
    public void Assemble_SixtyFourBlocks_Accepted()
    {
        var blocks = Enumerable.Range(0, 64).Select(i => $"198.18.{128 + i}.0/26").ToArray();

        var result = Assemble(null, Mesh(), Cluster(), Node("a", "192.0.2.1", blocks));

        Assert.Equal(64, result.Inventory!.FindNode("a")!.Value.Node.PodCidrs.Count);
    }

    [Fact]
    public void Assemble_ConfiguredLimit_Applies()
    {
        var limits = RegistryLimits.Default with { MaxNodeBlocks = 2 };

        var result = Assemble(limits, Mesh(), Cluster(), Node("a", "192.0.2.1", "198.18.144.0/24"),
            Node("b", "192.0.2.2", "198.18.128.0/24", "198.18.129.0/24", "198.18.130.0/24"));

        Assert.Contains("claims 3 pod blocks, more than the limit of 2", Assert.Single(result.Excluded).Reason);
    }

    [Fact]
    public void Decode_RecordPastTheSizeLimit_UndecodableNotParsed()
    {
        var huge = new RegistryEntry(Keys.Node("east", "big"), Encoding.UTF8.GetBytes("{\"x\":\"" + new string('x', 70_000) + "\"}"), 1, 1, 7);

        var contents = RegistryContents.Decode(Keys, 10, [huge]);

        var bad = Assert.Single(contents.Undecodable);
        Assert.Contains("a value of 70,008 bytes, more than the limit of 65,536", bad.Error);
    }

    [Fact]
    public void Decode_RecordUnderAnotherNodesKey_RefusedNamingBoth()
    {
        var entry = Entry(Keys.Node("east", "victim"), Registration("east", "intruder", "192.0.2.9", "198.18.130.0/24"));

        var bad = Assert.Single(RegistryContents.Decode(Keys, 10, [entry]).Undecodable);

        Assert.Contains("holds node east/intruder, which belongs at /vxmesh/nodes/east/intruder", bad.Error);
    }

    [Fact]
    public void Decode_ClusterRecordUnderAnotherClustersKey_Refused()
    {
        var entry = Entry(Keys.Cluster("west"), new ClusterRecord("east", CniKind.Calico, [IPNetwork.Parse("198.18.128.0/17")], [], null, Now));

        var contents = RegistryContents.Decode(Keys, 10, [entry]);

        Assert.Empty(contents.Clusters);
        Assert.Contains("holds cluster 'east', which belongs at /vxmesh/clusters/east", Assert.Single(contents.Undecodable).Error);
    }

    [Fact]
    public void Decode_InvalidUtf8InARecord_Undecodable()
    {
        var json = Encoding.UTF8.GetBytes(RegistryJson.EncodeText(Registration("east", "a", "192.0.2.1", "198.18.144.0/24")).Replace("\"a\"", "\"a\\u00e9\""));
        var broken = json.AsSpan().ToArray();
        var at = Encoding.UTF8.GetString(broken).IndexOf("\\u00e9", StringComparison.Ordinal);
        byte[] raw = [.. broken[..at], 0xE9, .. broken[(at + 6)..]];

        var bad = Assert.Single(RegistryContents.Decode(Keys, 10, [new RegistryEntry(Keys.Node("east", "aé"), raw, 1, 1, 7)]).Undecodable);

        Assert.Contains("not a valid NodeRegistration", bad.Error);
    }

    private static AssembledInventory Assemble(RegistryLimits? limits, params RegistryEntry[] entries) =>
        InventoryAssembler.Assemble(RegistryContents.Decode(Keys, 100, entries, limits), Keys, "etcd://test/vxmesh/");

    private RegistryEntry Entry<T>(string key, T value, long lease = 0) =>
        new(key, RegistryJson.Encode(value), ++revision, revision, lease);

    private RegistryEntry Mesh() => Entry(Keys.Mesh, new MeshRecord(42, 4789, "vxm0", null, null, Backend.Vxlan, true, Now));

    private RegistryEntry Cluster() =>
        Entry(Keys.Cluster("east"), new ClusterRecord("east", CniKind.Calico, [IPNetwork.Parse("198.18.128.0/17")], [], null, Now));

    private RegistryEntry Node(string name, string ip, params string[] blocks) =>
        Entry(Keys.Node("east", name), Registration("east", name, ip, blocks), lease: 7);

    private static NodeRegistration Registration(string cluster, string name, string ip, params string[] blocks) =>
        new(cluster, name, IPAddress.Parse(ip), null, null, null, blocks.Select(IPNetwork.Parse).ToList(), Now, Now, "test");
}
