using System.Net;
using VxMesh.Agent.Registry.Etcd;
using VxMesh.Agent.Tests.Registry.Support;
using Xunit.Abstractions;

namespace VxMesh.Agent.Tests.Registry;

/// <summary>VTEP IPs by compare-and-swap: derived first, the lowest free one on a clash, the same one after a restart.</summary>
public sealed class VtepAllocationTests(EtcdFixture etcd, ITestOutputHelper output) : IClassFixture<EtcdFixture>, IAsyncLifetime
{
    private readonly EtcdConnection client = EtcdConnection.Create(etcd.Server.Url);
    private readonly RegistryKeys keys = TestRegistry.NewKeys();

    public Task InitializeAsync() => TestRegistry.LoadAsync(client, keys);

    [Fact]
    public async Task Allocate_TwoNodesWithTheSameDerivedIp_GetDifferentIps()
    {
        // 192.0.2.30 and 198.51.100.30 share the host part .30, so both derive 198.19.250.30.
        await using var a = TestRegistry.Registrar(client, keys, TestRegistry.Node("a", "192.0.2.30", "east", "198.18.128.0/24"), output);
        await using var b = TestRegistry.Registrar(client, keys, TestRegistry.Node("b", "198.51.100.30", "west", "198.18.160.0/24"), output);
        a.Start();
        b.Start();
        Assert.True(await a.WaitForRegistrationAsync(TimeSpan.FromSeconds(5), default));
        Assert.True(await b.WaitForRegistrationAsync(TimeSpan.FromSeconds(5), default));

        var ips = new[] { a.Registered!.VtepIp!, b.Registered!.VtepIp! };
        Assert.NotEqual(ips[0], ips[1]);
        Assert.Contains(IPAddress.Parse("198.19.250.30"), ips);
        Assert.Contains(IPAddress.Parse("198.19.250.1"), ips);
        var contents = await EtcdReads.ReadContentsAsync(client, keys, default);
        Assert.Equal(2, contents.Allocations.Count);
        Assert.NotNull(InventoryAssembler.Assemble(contents, keys, "etcd://test").Inventory);
    }

    [Fact]
    public async Task Allocate_ManyRacingNodesWithOneDerivedIp_AllDistinct()
    {
        var racers = Enumerable.Range(0, 6)
            .Select(i => new VtepIpAllocator(client, keys, TimeProvider.System)
                .AllocateAsync(IPNetwork.Parse("198.19.250.0/24"), "east", $"r{i}", IPAddress.Parse("192.0.2.40"), null, default))
            .ToList();

        var ips = await Task.WhenAll(racers);

        Assert.Equal(6, ips.Distinct().Count());
        Assert.Contains(IPAddress.Parse("198.19.250.40"), ips);
    }

    [Fact]
    public async Task Allocate_RestartedNode_GetsItsOwnIpBack()
    {
        var spec = TestRegistry.Node("c", "203.0.113.30", "east", "198.18.129.0/24");
        await using var other = TestRegistry.Registrar(client, keys, TestRegistry.Node("d", "192.0.2.30", "west", "198.18.161.0/24"), output);
        other.Start();
        Assert.True(await other.WaitForRegistrationAsync(TimeSpan.FromSeconds(5), default));
        IPAddress first;
        await using (var run1 = TestRegistry.Registrar(client, keys, spec, output))
        {
            run1.Start();
            Assert.True(await run1.WaitForRegistrationAsync(TimeSpan.FromSeconds(5), default));
            first = run1.Registered!.VtepIp!;
            await run1.DeregisterAsync(default);
        }
        Assert.NotEqual(IPAddress.Parse("198.19.250.30"), first);

        await using var run2 = TestRegistry.Registrar(client, keys, spec, output);
        run2.Start();
        Assert.True(await run2.WaitForRegistrationAsync(TimeSpan.FromSeconds(5), default));

        Assert.Equal(first, run2.Registered!.VtepIp);
    }

    [Fact]
    public async Task Claim_GivenIpOwnedByAnotherNode_IsRefused()
    {
        var allocator = new VtepIpAllocator(client, keys, TimeProvider.System);
        await allocator.ClaimAsync(IPAddress.Parse("198.19.250.99"), "east", "owner", default);

        var refused = await Assert.ThrowsAsync<VtepAllocationException>(() =>
            allocator.ClaimAsync(IPAddress.Parse("198.19.250.99"), "west", "intruder", default));
        await allocator.ClaimAsync(IPAddress.Parse("198.19.250.99"), "east", "owner", default);

        Assert.Contains("east/owner", refused.Message, StringComparison.Ordinal);
    }

    public Task DisposeAsync()
    {
        client.Dispose();
        return Task.CompletedTask;
    }
}
