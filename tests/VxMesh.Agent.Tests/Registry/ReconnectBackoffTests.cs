using Microsoft.Extensions.Time.Testing;
using VxMesh.Agent.Registry.Etcd;
using VxMesh.Agent.Tests.Registry.Support;
using Xunit.Abstractions;

namespace VxMesh.Agent.Tests.Registry;

/// <summary>
/// While etcd cannot be reached, the watching source and the registrar retry on the injected clock,
/// doubling up to their cap: checked exactly on a fake clock (nothing listens on 127.0.0.1:1, so
/// every attempt fails at once), never against a wall-clock window.
/// </summary>
public sealed class ReconnectBackoffTests(ITestOutputHelper output)
{
    private const string Nowhere = "http://127.0.0.1:1";

    [Fact]
    public async Task Source_EtcdUnreachable_RetriesDoubleUpToTheCap()
    {
        var time = new FakeTimeProvider();
        using var etcd = EtcdConnection.Create(Nowhere);
        await using var source = new EtcdInventorySource(etcd, TestRegistry.NewKeys(), TestRegistry.Log(output, "source"),
            new EtcdSourceOptions(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1)), time);
        source.Start();

        var waits = await Waits(() => source.RetryAt, time, 5);

        Assert.Equal([200, 400, 800, 1000, 1000], waits.Select(w => w.TotalMilliseconds));
        Assert.Equal(0, source.FullLoads);
        Assert.NotNull(source.LastError);
    }

    [Fact]
    public async Task Registrar_EtcdUnreachable_RetriesDoubleUpToTheCap()
    {
        var time = new FakeTimeProvider();
        using var etcd = EtcdConnection.Create(Nowhere);
        await using var registrar = new NodeRegistrar(etcd, TestRegistry.NewKeys(), TestRegistry.Node("e1", "192.0.2.11", "east", "198.18.128.0/24"),
            TestRegistry.Log(output, "e1"), NodeRegistrarOptions.Default with { RetryMin = TimeSpan.FromMilliseconds(100), RetryMax = TimeSpan.FromMilliseconds(500) }, time);
        registrar.Start();

        var waits = await Waits(() => registrar.RetryAt, time, 5);

        Assert.Equal([100, 200, 400, 500, 500], waits.Select(w => w.TotalMilliseconds));
        Assert.Null(registrar.Registered);
    }

    /// <summary>Each retry's wait as the loop announces it; the fake clock is then moved exactly to it.</summary>
    private static async Task<List<TimeSpan>> Waits(Func<DateTimeOffset?> retryAt, FakeTimeProvider time, int count)
    {
        var waits = new List<TimeSpan>();
        DateTimeOffset? seen = null;
        while (waits.Count < count)
        {
            await Eventually.Holds(() => retryAt() is { } at && at != seen, 10, $"retry {waits.Count + 1} scheduled");
            var at = retryAt()!.Value;
            seen = at;
            waits.Add(at - time.GetUtcNow());
            time.SetUtcNow(at);
        }
        return waits;
    }
}
