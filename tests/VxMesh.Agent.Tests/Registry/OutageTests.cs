using System.Diagnostics;
using Etcdserverpb;
using Google.Protobuf;
using VxMesh.Agent.Registry.Etcd;
using VxMesh.Agent.Tests.Registry.Support;
using Xunit.Abstractions;

namespace VxMesh.Agent.Tests.Registry;

/// <summary>
/// etcd unreachable: Read() keeps the last good inventory; on reconnect a full reload catches
/// what happened meanwhile, deletions included (Cilium #24740 missed them). Each test owns its etcd.
/// </summary>
public sealed class OutageTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan FastReconnect = TimeSpan.FromMilliseconds(400);
    private readonly EtcdServer server = new();

    /// <summary>The registry loaded with static nodes, plus a second connection to it through a relay the test controls.</summary>
    private sealed class Relayed(RegistryKeys keys, EtcdConnection admin, TcpProxy proxy) : IDisposable
    {
        public RegistryKeys Keys => keys;

        public EtcdConnection Admin => admin;

        public TcpProxy Proxy => proxy;

        public EtcdConnection Watched { get; } = EtcdConnection.Create(proxy.Url);

        public void Dispose()
        {
            Watched.Dispose();
            proxy.Dispose();
            admin.Dispose();
        }
    }

    private async Task<Relayed> RelayedAsync()
    {
        var keys = TestRegistry.NewKeys();
        var admin = EtcdConnection.Create(server.Url);
        await RegistryLoader.LoadAsync(admin, keys, TestRegistry.InventoryWithNodes, "nodes.yaml", true, null, default);
        return new Relayed(keys, admin, new TcpProxy(server.ClientPort));
    }

    [Fact]
    public async Task EtcdDown_ReadKeepsLastGood_ThenReloadCatchesADeletionMadeBeforeTheWatchReturned()
    {
        // The source reaches etcd through a relay the test holds shut until the deletion is made.
        using var relayed = await RelayedAsync();
        var (keys, admin, proxy) = (relayed.Keys, relayed.Admin, relayed.Proxy);
        await using var source = TestRegistry.Source(relayed.Watched, keys, output, maxBackoff: FastReconnect);
        await Eventually.Holds(() => source.Has("e1") && source.Has("w1") && source.Connected, 5, "both static nodes seen");
        var before = source.Read().Inventory;

        server.Stop();
        await Eventually.Holds(() => !source.Connected, 5, "the source notices the outage");
        await Task.Delay(1500);
        Assert.Same(before, source.Read().Inventory);
        Assert.True(source.Has("e1") && source.Has("w1"));

        proxy.Cut();
        server.Start();
        var loadsBefore = source.FullLoads;
        await admin.Kv.DeleteRangeAsync(new DeleteRangeRequest { Key = ByteString.CopyFromUtf8(keys.Node("west", "w1")) });
        Assert.False(source.Connected);
        Assert.True(source.Has("w1"), "not reconnected yet, so not seen yet");
        var clock = Stopwatch.StartNew();
        proxy.Heal();
        await Eventually.Holds(() => !source.Has("w1"), 5, "deletion made while away is caught");

        output.WriteLine($"reachable again -> deletion caught: {clock.Elapsed.TotalMilliseconds:F0} ms; full loads {loadsBefore} -> {source.FullLoads}");
        Assert.True(source.FullLoads > loadsBefore, "reconnecting reloads everything");
        Assert.True(source.Has("e1"));
    }

    [Fact]
    public async Task Partition_DeletionAndCompactionWhileAway_CaughtByFullReload()
    {
        using var relayed = await RelayedAsync();
        var (keys, admin, proxy) = (relayed.Keys, relayed.Admin, relayed.Proxy);
        await using var source = TestRegistry.Source(relayed.Watched, keys, output, maxBackoff: FastReconnect);
        await Eventually.Holds(() => source.Has("w1") && source.Connected, 5, "w1 seen");

        proxy.Cut();
        await Eventually.Holds(() => !source.Connected, 5, "the source notices the partition");
        var deleted = await admin.Kv.DeleteRangeAsync(new DeleteRangeRequest { Key = ByteString.CopyFromUtf8(keys.Node("west", "w1")) });
        // Compact past the deletion: a watch resumed from the old revision could never replay it.
        await admin.Kv.CompactAsync(new CompactionRequest { Revision = deleted.Header.Revision, Physical = true });
        await Task.Delay(500);
        Assert.True(source.Has("w1"), "while partitioned the view is the last one seen");

        var clock = Stopwatch.StartNew();
        proxy.Heal();
        await Eventually.Holds(() => !source.Has("w1") && source.Connected, 5, "deletion caught after healing");
        output.WriteLine($"healed -> deletion caught: {clock.Elapsed.TotalMilliseconds:F0} ms");
        Assert.True(source.Has("e1"));
    }

    [Fact]
    public async Task SilentPartition_NoticedByKeepalivePings_ThenDeletionCaughtWhenHealed()
    {
        using var relayed = await RelayedAsync();
        var (keys, admin, proxy) = (relayed.Keys, relayed.Admin, relayed.Proxy);
        await using var source = TestRegistry.Source(relayed.Watched, keys, output);
        await Eventually.Holds(() => source.Has("w1") && source.Connected, 5, "w1 seen");

        var clock = Stopwatch.StartNew();
        proxy.Freeze();
        await admin.Kv.DeleteRangeAsync(new DeleteRangeRequest { Key = ByteString.CopyFromUtf8(keys.Node("west", "w1")) });
        await Eventually.Holds(() => !source.Connected, 10, "a watch on a dead path is noticed without any packet coming back", pollMs: 50);
        output.WriteLine($"silent partition noticed after {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(source.Has("w1"), "the deletion never arrived");

        proxy.Heal();
        await Eventually.Holds(() => !source.Has("w1"), 5, "deletion caught after healing");
    }

    [Fact]
    public async Task LeaseExpiredDuringPartition_RegistrarRegistersAgainWhenHealed()
    {
        var keys = TestRegistry.NewKeys();
        using var admin = EtcdConnection.Create(server.Url);
        await TestRegistry.LoadAsync(admin, keys);
        using var proxy = new TcpProxy(server.ClientPort);
        using var behindProxy = EtcdConnection.Create(proxy.Url);
        await using var registrar = TestRegistry.Registrar(behindProxy, keys, TestRegistry.Node("e1", "192.0.2.11", "east", "198.18.128.0/24"), output, ttlSeconds: 2);
        registrar.Start();
        Assert.True(await registrar.WaitForRegistrationAsync(TimeSpan.FromSeconds(5), default));
        var firstLease = registrar.LeaseId;

        proxy.Cut();
        await Eventually.Holds(() => EtcdReads.GetAsync(admin, registrar.Key, default).Result is null, 6, "the key expires while partitioned", pollMs: 100);
        proxy.Heal();

        await Eventually.Holds(() => EtcdReads.GetAsync(admin, registrar.Key, default).Result is { Lease: > 0 }, 5, "registered again", pollMs: 50);
        Assert.NotEqual(firstLease, registrar.LeaseId);
        Assert.Equal(2, registrar.LeaseGrants);
        Assert.Equal("198.19.250.11", registrar.Registered!.VtepIp!.ToString());
    }

    [Fact]
    public async Task EtcdLostItsData_RegistrarRegistersAgainAndSourceReplacesItsView()
    {
        var keys = TestRegistry.NewKeys();
        using var admin = EtcdConnection.Create(server.Url);
        await TestRegistry.LoadAsync(admin, keys);
        using var client = EtcdConnection.Create(server.Url);
        await using var registrar = TestRegistry.Registrar(client, keys, TestRegistry.Node("e1", "192.0.2.11", "east", "198.18.128.0/24"), output, ttlSeconds: 3);
        registrar.Start();
        Assert.True(await registrar.WaitForRegistrationAsync(TimeSpan.FromSeconds(5), default));
        await using var source = TestRegistry.Source(client, keys, output);
        await Eventually.Holds(() => source.Has("e1"), 5, "e1 seen");

        server.Wipe();
        server.Start();
        await TestRegistry.LoadAsync(admin, keys);

        await Eventually.Holds(() => EtcdReads.GetAsync(admin, registrar.Key, default).Result is not null, 10, "registered again on the empty etcd", pollMs: 50);
        await Eventually.Holds(() => source.Has("e1") && source.Revision < 20, 10, "the view follows the new, lower revisions");
    }

    public void Dispose() => server.Dispose();
}
