using VxMesh.Agent.Registry.Etcd;
using VxMesh.Agent.Tests.Registry.Support;
using Xunit.Abstractions;

namespace VxMesh.Agent.Tests.Registry;

/// <summary>
/// Per-node deltas from the registry: after a node's registration changes, the source's next
/// snapshot names just that node (validated alone), and its inventory is exactly what assembling
/// the whole registry gives. A registration the fast path cannot vouch for sends it back to the
/// whole assembly, whose verdict stands.
/// </summary>
public sealed class NodeDeltaTests(EtcdFixture etcd, ITestOutputHelper output) : IClassFixture<EtcdFixture>, IAsyncLifetime
{
    private readonly EtcdConnection client = EtcdConnection.Create(etcd.Server.Url);
    private readonly RegistryKeys keys = TestRegistry.NewKeys();
    private EtcdInventorySource source = null!;
    private readonly List<NodeRegistrar> registrars = [];

    public async Task InitializeAsync()
    {
        await TestRegistry.LoadAsync(client, keys);
        await RegisterAsync("p1", "192.0.2.1", "west", "198.18.160.0/24");
        source = TestRegistry.Source(client, keys, output, "watcher");
        await Eventually.Holds(() => source.Has("p1"), 5, "p1 seen");
    }

    private async Task<NodeRegistrar> RegisterAsync(string name, string ip, string cluster, string block)
    {
        var registrar = TestRegistry.Registrar(client, keys, TestRegistry.Node(name, ip, cluster, block), output);
        registrars.Add(registrar);
        registrar.Start();
        Assert.True(await registrar.WaitForRegistrationAsync(TimeSpan.FromSeconds(5), default));
        return registrar;
    }

    [Fact]
    public async Task Read_OneNodeJoinsThenLeaves_DeltaNamesItAndInventoryEqualsAWholeAssembly()
    {
        var before = source.Read();
        Assert.True(before.Usable);

        var joining = await RegisterAsync("e1", "192.0.2.11", "east", "198.18.128.0/24");
        await Eventually.Holds(() => source.Has("e1"), 5, "e1 seen");
        var joined = source.Read();

        Assert.NotNull(joined.Delta);
        var change = Assert.Single(joined.Delta.Changes);
        Assert.Equal(("e1", null, "east"), (change.Name, change.Before, change.AfterCluster));
        Assert.Equal(before.Version, joined.Delta.FromVersion);
        Assert.Equal(await WholeAssemblyAsync(), joined.Inventory);

        await joining.DeregisterAsync(default);
        await Eventually.Holds(() => !source.Has("e1"), 5, "e1 gone");
        var left = source.Read();

        // A graceful leave keeps the node's claim (its blocks and addresses, for the grace period):
        // only the whole assembly tells until when, so the leave is not a delta.
        Assert.Null(left.Delta);
        Assert.Equal(await WholeAssemblyAsync(), left.Inventory);
        Assert.NotNull(source.Assembled()!.NextLapse);
    }

    [Fact]
    public async Task Read_NodeClashesWithAnother_WholeAssemblyDecides()
    {
        source.Read();
        await RegisterAsync("e2", "192.0.2.1", "east", "198.18.129.0/24");
        await Eventually.Holds(() => source.ViewContains(keys.Node("east", "e2")), 5, "e2's key seen");

        var snapshot = source.Read();

        Assert.Null(snapshot.Delta);
        Assert.Equal(await WholeAssemblyAsync(), snapshot.Inventory);
        // The whole assembly's verdict: the established holder keeps the address (whatever the clusters are called), the newcomer is out.
        var excluded = Assert.Single(source.Assembled()!.Excluded);
        Assert.Equal("e2", excluded.Name);
        Assert.Contains("collides with established west/p1", excluded.Reason);
    }

    private async Task<Core.Model.Inventory?> WholeAssemblyAsync()
    {
        var (revision, entries) = await EtcdReads.RangePrefixAsync(client, keys.Prefix, default);
        return InventoryAssembler.Assemble(RegistryContents.Decode(keys, revision, entries), keys, source.Description).Inventory;
    }

    public async Task DisposeAsync()
    {
        foreach (var registrar in registrars)
        {
            await registrar.DisposeAsync();
        }
        await source.DisposeAsync();
        client.Dispose();
    }
}
