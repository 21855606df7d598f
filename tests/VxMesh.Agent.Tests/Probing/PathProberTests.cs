using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using VxMesh.Agent.Probing;
using VxMesh.Agent.Tests.Runtime;

namespace VxMesh.Agent.Tests.Probing;

/// <summary>The prober on a fake clock: rounds one interval apart, a dead path down after N rounds, back after M.</summary>
public class PathProberTests
{
    private static readonly ProbeTarget Live = new("c1", "live", IPAddress.Parse("198.18.250.1"));
    private static readonly ProbeTarget Dead = new("c2", "dead", IPAddress.Parse("198.18.250.2"));

    private sealed class FakeSender : IProbeSender
    {
        public ConcurrentDictionary<IPAddress, bool> Answering { get; } = new();

        public Task<TimeSpan?> ProbeAsync(IPAddress target, TimeSpan timeout, CancellationToken cancel) =>
            Task.FromResult<TimeSpan?>(Answering.GetValueOrDefault(target) ? TimeSpan.FromMilliseconds(1) : null);
    }

    [Fact]
    public async Task RunAsync_PathBreaksThenHeals_DownAfterThreeRoundsUpAfterTwo()
    {
        var time = new FakeTimeProvider();
        var table = new PeerHealthTable();
        table.SetTargets([Live, Dead], time.GetUtcNow());
        var sender = new FakeSender();
        sender.Answering[Live.Vtep] = true;
        sender.Answering[Dead.Vtep] = true;
        var prober = new PathProber(table, sender, TimeSpan.FromSeconds(1), NullLogger.Instance, time, jitter: 0);
        using var cancel = new CancellationTokenSource();
        var running = Task.Run(() => prober.RunAsync(cancel.Token));

        async Task RoundAsync()
        {
            var before = prober.Rounds;
            time.Advance(TimeSpan.FromSeconds(1));
            Assert.True(await LoopHarness.Eventually(() => prober.Rounds > before), "no round after one interval");
        }

        Assert.True(await LoopHarness.Eventually(() => prober.Rounds == 1));
        await RoundAsync();
        Assert.Equal(PathHealth.Up, Health(table, Dead));

        sender.Answering[Dead.Vtep] = false;
        await RoundAsync();
        await RoundAsync();
        Assert.Equal(PathHealth.Degraded, Health(table, Dead));
        await RoundAsync();
        Assert.Equal(PathHealth.Down, Health(table, Dead));
        Assert.Equal([("c2", "dead")], table.Down());
        Assert.Equal(PathHealth.Up, Health(table, Live));

        sender.Answering[Dead.Vtep] = true;
        await RoundAsync();
        Assert.Equal(PathHealth.Down, Health(table, Dead));
        await RoundAsync();
        Assert.Equal(PathHealth.Up, Health(table, Dead));

        await cancel.CancelAsync();
        await running.WaitAsync(LoopHarness.Patience);
    }

    [Fact]
    public async Task RunAsync_BeforeTheInterval_NoSecondRound()
    {
        var time = new FakeTimeProvider();
        var table = new PeerHealthTable();
        table.SetTargets([Live], time.GetUtcNow());
        var prober = new PathProber(table, new FakeSender(), TimeSpan.FromSeconds(1), NullLogger.Instance, time, jitter: 0);
        using var cancel = new CancellationTokenSource();
        var running = Task.Run(() => prober.RunAsync(cancel.Token));
        Assert.True(await LoopHarness.Eventually(() => prober.Rounds == 1));

        time.Advance(TimeSpan.FromMilliseconds(999));
        await Task.Delay(50);

        Assert.Equal(1, prober.Rounds);
        await cancel.CancelAsync();
        await running.WaitAsync(LoopHarness.Patience);
    }

    private static PathHealth Health(PeerHealthTable table, ProbeTarget target) =>
        table.Snapshot().Single(p => p.Target == target).State.Health;
}
