using System.Diagnostics;
using System.Net;
using VxMesh.Agent.Registry.Etcd;
using VxMesh.Agent.Tests.Registry.Support;
using Xunit.Abstractions;

namespace VxMesh.Agent.Tests.Registry;

/// <summary>Self-registration seen from another agent's source: join, update, graceful leave, crash.</summary>
public sealed class RegistrationTests(EtcdFixture etcd, ITestOutputHelper output) : IClassFixture<EtcdFixture>, IAsyncLifetime
{
    private readonly EtcdConnection client = EtcdConnection.Create(etcd.Server.Url);
    private readonly RegistryKeys keys = TestRegistry.NewKeys();
    private EtcdInventorySource source = null!;
    private NodeRegistrar peer = null!;

    public async Task InitializeAsync()
    {
        await TestRegistry.LoadAsync(client, keys);
        // A peer that is always there, so the view assembles into an inventory from the start.
        peer = TestRegistry.Registrar(client, keys, TestRegistry.Node("p1", "192.0.2.1", "west", "198.18.160.0/24"), output);
        peer.Start();
        Assert.True(await peer.WaitForRegistrationAsync(TimeSpan.FromSeconds(5), default));
        source = TestRegistry.Source(client, keys, output, "watcher");
        await Eventually.Holds(() => source.Has("p1"), 5, "the watcher sees p1");
    }

    [Fact]
    public async Task Register_NewNode_AppearsInAnotherAgentsReadQuickly()
    {
        const int samples = 10;
        var latencies = new List<double>();
        for (var i = 0; i < samples; i++)
        {
            var name = $"n{i}";
            await using var registrar = TestRegistry.Registrar(client, keys, TestRegistry.Node(name, $"192.0.2.{20 + i}", "east", $"198.18.{128 + i}.0/24"), output);
            var clock = Stopwatch.StartNew();
            registrar.Start();
            await Eventually.Holds(() => source.Has(name), 10, $"{name} visible to the other agent", pollMs: 1);
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            await registrar.DeregisterAsync(default);
        }

        latencies.Sort();
        // Reported, not asserted: how fast is `vxmesh bench convergence`'s business, not a test's.
        output.WriteLine($"registration -> visible in Read(): median {latencies[samples / 2]:F1} ms, max {latencies[^1]:F1} ms over {samples}");
    }

    [Fact]
    public async Task Register_Node_CarriesAllocatedVtepIpDerivedMacAndBlocks()
    {
        await using var registrar = TestRegistry.Registrar(client, keys, TestRegistry.Node("e5", "192.0.2.55", "east", "198.18.130.0/26", "198.18.130.64/26"), output);
        registrar.Start();

        await Eventually.Holds(() => source.Has("e5"), 5, "e5 visible");
        var (_, node) = source.Read().Inventory!.FindNode("e5")!.Value;
        Assert.Equal(IPAddress.Parse("198.19.250.55"), node.VtepIp);
        Assert.Equal(VxMesh.Core.Addressing.VtepMacDerivation.Derive("east", "e5"), node.VtepMac);
        Assert.Equal(["198.18.130.0/26", "198.18.130.64/26"], node.PodCidrs.Select(b => b.ToString()));
        var entry = await EtcdReads.GetAsync(client, registrar.Key, default);
        Assert.Equal(registrar.LeaseId, entry!.Lease);
    }

    [Fact]
    public async Task UpdatePodCidrs_NewBlock_ReachesPeers()
    {
        await using var registrar = TestRegistry.Registrar(client, keys, TestRegistry.Node("e6", "192.0.2.66", "east", "198.18.131.0/26"), output);
        registrar.Start();
        await Eventually.Holds(() => source.Has("e6"), 5, "e6 visible");

        registrar.UpdatePodCidrs([IPNetwork.Parse("198.18.131.0/26"), IPNetwork.Parse("198.18.131.64/26")]);

        await Eventually.Holds(() => source.Read().Inventory!.FindNode("e6")!.Value.Node.PodCidrs.Count == 2, 2, "second block visible");
    }

    [Fact]
    public async Task Deregister_RemovesNodeFromPeersAtOnce()
    {
        var registrar = TestRegistry.Registrar(client, keys, TestRegistry.Node("e7", "192.0.2.77", "east", "198.18.132.0/24"), output);
        registrar.Start();
        await Eventually.Holds(() => source.Has("e7"), 5, "e7 visible");

        var lease = registrar.LeaseId;
        var clock = Stopwatch.StartNew();
        await registrar.DeregisterAsync(default);
        await Eventually.Holds(() => !source.Has("e7"), 1, "e7 gone after deregistration", pollMs: 1);

        output.WriteLine($"deregistration -> gone from Read(): {clock.Elapsed.TotalMilliseconds:F1} ms");
        Assert.Null(await EtcdReads.GetAsync(client, registrar.Key, default));
        var ttl = await client.Lease.LeaseTimeToLiveAsync(new Etcdserverpb.LeaseTimeToLiveRequest { ID = lease });
        Assert.Equal(-1, ttl.TTL);
        await registrar.DisposeAsync();
    }

    [Fact]
    public async Task KilledRegistrar_NoDeregistration_DisappearsAfterTheTtl()
    {
        var registrar = TestRegistry.Registrar(client, keys, TestRegistry.Node("e8", "192.0.2.88", "east", "198.18.133.0/24"), output, ttlSeconds: 3);
        registrar.Start();
        await Eventually.Holds(() => source.Has("e8"), 5, "e8 visible");

        var clock = Stopwatch.StartNew();
        await registrar.StopAsync();
        // Nobody deleted the key: it is etcd's lease clock, not ours, that removes it.
        Assert.True(source.Has("e8"), "gone before its lease ran out: something deleted it");
        await Eventually.Holds(() => !source.Has("e8"), 10, "e8 expired", pollMs: 20);

        output.WriteLine($"keepalives stopped -> gone: {clock.Elapsed.TotalSeconds:F2} s (TTL 3 s)");
        await registrar.DisposeAsync();
    }

    public async Task DisposeAsync()
    {
        await source.DisposeAsync();
        await peer.DisposeAsync();
        client.Dispose();
    }
}
