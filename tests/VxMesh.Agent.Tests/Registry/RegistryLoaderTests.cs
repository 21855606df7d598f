using VxMesh.Agent.Registry.Etcd;
using VxMesh.Agent.Tests.Registry.Support;

namespace VxMesh.Agent.Tests.Registry;

/// <summary>`vxmesh registry load`: one transaction with exactly mesh + clusters; bad input writes nothing.</summary>
public sealed class RegistryLoaderTests(EtcdFixture etcd) : IClassFixture<EtcdFixture>, IDisposable
{
    private readonly EtcdConnection client = EtcdConnection.Create(etcd.Server.Url);
    private readonly RegistryKeys keys = TestRegistry.NewKeys();

    [Fact]
    public async Task Load_ValidInventory_WritesExactlyMeshAndClusters()
    {
        var result = await RegistryLoader.LoadAsync(client, keys, TestRegistry.Inventory, "test.yaml", false, null, default);

        Assert.True(result.Written);
        var (_, entries) = await EtcdReads.RangePrefixAsync(client, keys.Prefix, default);
        Assert.Equal([keys.Cluster("east"), keys.Cluster("west"), keys.Mesh], entries.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.All(entries, e => Assert.Equal(0, e.Lease));
        Assert.All(entries, e => Assert.Equal(result.Revision, e.ModRevision));
        var contents = RegistryContents.Decode(keys, result.Revision, entries);
        Assert.Equal(4242u, contents.Mesh!.Vni);
        Assert.Equal("vxm-test", contents.Mesh.Device);
        Assert.Equal(4789, contents.Mesh.Port);
        Assert.Equal(["198.18.128.0/20"], contents.FindCluster("east")!.PodCidrs.Select(c => c.ToString()));
        Assert.Empty(contents.Undecodable);
    }

    [Fact]
    public async Task Load_InvalidInventory_ReportsProblemsAndWritesNothing()
    {
        var bad = TestRegistry.Inventory.Replace("198.18.160.0/20", "198.18.128.0/21").Replace("vni: 4242", "vni: 99999999");

        var result = await RegistryLoader.LoadAsync(client, keys, bad, "bad.yaml", false, null, default);

        Assert.False(result.Written);
        Assert.Contains(result.Problems, p => p.Key == "mesh.vni");
        Assert.Contains(result.Problems, p => p.Problem.Contains("overlaps", StringComparison.Ordinal));
        Assert.All(result.Problems, p => Assert.Equal("bad.yaml", p.File));
        Assert.Empty((await EtcdReads.RangePrefixAsync(client, keys.Prefix, default)).Entries);
    }

    [Fact]
    public async Task Load_ClusterWithMalformedNodes_IsStillRejected()
    {
        var bad = TestRegistry.Inventory.Replace("cni: flannel", "cni: flannel\n    nodes: 5");

        var result = await RegistryLoader.LoadAsync(client, keys, bad, "bad.yaml", false, null, default);

        Assert.False(result.Written);
        Assert.Contains(result.Problems, p => p.Key == "clusters[1].nodes");
    }

    [Fact]
    public async Task Load_Again_ReplacesClustersAndNeverTouchesNodes()
    {
        await TestRegistry.LoadAsync(client, keys);
        await client.Kv.PutAsync(new Etcdserverpb.PutRequest
        {
            Key = Google.Protobuf.ByteString.CopyFromUtf8(keys.Node("west", "w9")),
            Value = Google.Protobuf.ByteString.CopyFromUtf8("{}"),
        });
        var eastOnly = TestRegistry.Inventory[..TestRegistry.Inventory.IndexOf("  - name: west", StringComparison.Ordinal)];

        var result = await RegistryLoader.LoadAsync(client, keys, eastOnly, "east.yaml", false, null, default);

        Assert.True(result.Written);
        Assert.Equal(["west"], result.RemovedClusters);
        var (_, entries) = await EtcdReads.RangePrefixAsync(client, keys.Prefix, default);
        Assert.Equal([keys.Cluster("east"), keys.Mesh, keys.Node("west", "w9")], entries.Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Load_WithNodes_WritesStaticRegistrationsAndTheirVtepAllocations()
    {
        var result = await RegistryLoader.LoadAsync(client, keys, TestRegistry.InventoryWithNodes, "nodes.yaml", true, null, default);

        Assert.True(result.Written, string.Join("; ", result.Problems));
        Assert.Equal(["east/e1", "west/w1"], result.StaticNodes);
        var contents = await EtcdReads.ReadContentsAsync(client, keys, default);
        var e1 = contents.FindNode("east", "e1")!;
        Assert.True(e1.IsStatic);
        Assert.Equal("198.19.250.11", e1.Registration.VtepIp!.ToString());
        Assert.Equal(["198.19.250.11", "198.19.250.21"], contents.Allocations.Keys.Select(k => k.ToString()).Order());
        var assembled = InventoryAssembler.Assemble(contents, keys, "etcd://test");
        Assert.NotNull(assembled.Inventory);
        Assert.Equal(["e1", "w1"], assembled.Inventory.AllNodes.Select(n => n.Node.Name));
    }

    [Fact]
    public async Task Load_WithoutNodesFlag_IgnoresTheFilesNodes()
    {
        await TestRegistry.LoadAsync(client, keys, TestRegistry.InventoryWithNodes);

        var contents = await EtcdReads.ReadContentsAsync(client, keys, default);
        Assert.Empty(contents.Nodes);
        Assert.Empty(contents.Allocations);
    }

    public void Dispose() => client.Dispose();
}
