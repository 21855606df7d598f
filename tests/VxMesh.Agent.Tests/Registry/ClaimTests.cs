using System.Net;
using Etcdserverpb;
using Google.Protobuf;
using Microsoft.Extensions.Time.Testing;
using VxMesh.Agent.Registry.Etcd;
using VxMesh.Agent.Tests.Registry.Support;
using Xunit.Abstractions;

namespace VxMesh.Agent.Tests.Registry;

/// <summary>
/// Claims against a real etcd: a node's registration carries a leaseless claim; a graceful leave
/// keeps it for the grace period, so a squatter never takes the block over a restart; the claim runs
/// out on the source's (fake) clock; --uninstall's release frees it at once.
/// </summary>
public sealed class ClaimTests(EtcdFixture etcd, ITestOutputHelper output) : IClassFixture<EtcdFixture>, IAsyncLifetime
{
    private readonly EtcdConnection client = EtcdConnection.Create(etcd.Server.Url);
    private readonly RegistryKeys keys = TestRegistry.NewKeys();
    private readonly FakeTimeProvider sourceClock = new(DateTimeOffset.UtcNow);
    private EtcdInventorySource source = null!;
    private NodeRegistrar peer = null!;

    public async Task InitializeAsync()
    {
        await TestRegistry.LoadAsync(client, keys);
        peer = TestRegistry.Registrar(client, keys, TestRegistry.Node("p1", "192.0.2.1", "west", "198.18.160.0/24"), output);
        peer.Start();
        Assert.True(await peer.WaitForRegistrationAsync(TimeSpan.FromSeconds(5), default));
        source = StartSource(client, keys, TestRegistry.Log(output, "watcher"), sourceClock);
        await Eventually.Holds(() => source.Has("p1"), 5, "the watcher sees p1");
    }

    [Fact]
    public async Task Register_WritesALeaselessClaimOfWhatTheNodeHolds_InTheSameRevision()
    {
        await using var registrar = Registrar("e1", "192.0.2.11", "198.18.128.0/24");
        registrar.Start();
        Assert.True(await registrar.WaitForRegistrationAsync(TimeSpan.FromSeconds(5), default));

        var node = (await EtcdReads.GetAsync(client, registrar.Key, default))!;
        var claim = (await EtcdReads.GetAsync(client, registrar.ClaimKey, default))!;
        var held = RegistryJson.TryDecode<NodeClaim>(claim.Value.Span, out _)!;

        Assert.Equal((0L, node.CreateRevision), (claim.Lease, claim.CreateRevision));
        Assert.Equal(["198.18.128.0/24"], held.PodCidrs.Select(b => b.ToString()));
        Assert.Equal(registrar.Registered!.VtepIp, held.VtepIp);
        await registrar.DeregisterAsync(default);
    }

    [Fact]
    public async Task Squatter_OverAGracefulRestart_NeverGetsTheBlock_AndRunsOutWithTheClaim()
    {
        var first = Registrar("e2", "192.0.2.12", "198.18.129.0/24");
        first.Start();
        await Eventually.Holds(() => source.Has("e2"), 5, "e2 in the mesh");
        await first.DeregisterAsync(default);
        await first.DisposeAsync();
        await Eventually.Holds(() => !source.Has("e2"), 5, "e2 gone from the mesh");

        // A leaseless key claiming e2's block while e2 is away.
        await Put(keys.Node("east", "squatter"), new NodeRegistration("east", "squatter", IPAddress.Parse("192.0.2.99"), null, null, null,
            [IPNetwork.Parse("198.18.129.0/24")], DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, "etcdctl"));
        await Eventually.Holds(() => source.Assembled()?.Excluded.Any(e => e.Name == "squatter") == true, 5, "squatter left out while e2 is away");
        Assert.Contains("claim held until", source.Assembled()!.Excluded.Single().Reason);
        Assert.False(source.Has("squatter"));

        await using var second = Registrar("e2", "192.0.2.12", "198.18.129.0/24");
        second.Start();
        await Eventually.Holds(() => source.Has("e2"), 5, "e2 back in the mesh");
        Assert.False(source.Has("squatter"));
        Assert.Contains("collides with established east/e2", source.Assembled()!.Excluded.Single().Reason);

        // e2 leaves again and stays away: past the grace period the block is the squatter's.
        await second.DeregisterAsync(default);
        await Eventually.Holds(() => !source.Has("e2"), 5, "e2 gone again");
        var changes = 0;
        source.Changed += () => Interlocked.Increment(ref changes);
        sourceClock.Advance(NodeRegistrarOptions.DefaultClaimGrace + TimeSpan.FromMinutes(1));
        await Eventually.Holds(() => Volatile.Read(ref changes) > 0, 5, "the source said the verdict may have changed");
        Assert.True(source.Has("squatter"));
        await client.Kv.DeleteRangeAsync(new DeleteRangeRequest { Key = ByteString.CopyFromUtf8(keys.Node("east", "squatter")) });
    }

    [Fact]
    public async Task Release_AfterDeregistering_FreesClaimAndVtepAllocationAtOnce()
    {
        await using var registrar = Registrar("e3", "192.0.2.13", "198.18.130.0/24");
        registrar.Start();
        await Eventually.Holds(() => source.Has("e3"), 5, "e3 in the mesh");
        var vtep = registrar.Registered!.VtepIp!;

        await registrar.DeregisterAsync(default);
        await registrar.ReleaseAsync(default);

        Assert.Null(await EtcdReads.GetAsync(client, registrar.ClaimKey, default));
        Assert.Null(await EtcdReads.GetAsync(client, keys.VtepIp(vtep), default));
        await Put(keys.Node("east", "heir"), new NodeRegistration("east", "heir", IPAddress.Parse("192.0.2.98"), null, null, null,
            [IPNetwork.Parse("198.18.130.0/24")], DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, "etcdctl"));
        await Eventually.Holds(() => source.Has("heir"), 5, "the heir gets the released block at once");
        await client.Kv.DeleteRangeAsync(new DeleteRangeRequest { Key = ByteString.CopyFromUtf8(keys.Node("east", "heir")) });
    }

    /// <summary>A source on the fake clock: claims run out when the test moves it.</summary>
    private static EtcdInventorySource StartSource(EtcdConnection etcd, RegistryKeys keys, Microsoft.Extensions.Logging.ILogger log, TimeProvider time)
    {
        var started = new EtcdInventorySource(etcd, keys, log, new EtcdSourceOptions(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1)), time);
        started.Start();
        return started;
    }

    private NodeRegistrar Registrar(string name, string ip, string block) =>
        TestRegistry.Registrar(client, keys, TestRegistry.Node(name, ip, "east", block), output);

    private Task<PutResponse> Put(string key, NodeRegistration registration) =>
        client.Kv.PutAsync(new PutRequest { Key = ByteString.CopyFromUtf8(key), Value = ByteString.CopyFrom(RegistryJson.Encode(registration)) }).ResponseAsync;

    public async Task DisposeAsync()
    {
        await source.DisposeAsync();
        await peer.DeregisterAsync(default);
        await peer.DisposeAsync();
        client.Dispose();
    }
}
