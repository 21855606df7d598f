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

    /// <summary>Answers at once for the answering targets; the others time out on <paramref name="time"/> (or at once without one).</summary>
    private sealed class FakeSender(TimeProvider? time = null) : IProbeSender
    {
        private long waiting;

        public ConcurrentDictionary<IPAddress, bool> Answering { get; } = new();

        /// <summary>Probes that went unanswered and set their timeout, in all.</summary>
        public long Waiting => Interlocked.Read(ref waiting);

        /// <summary>Every target's probe at once, each settled when it is answered or has timed out.</summary>
        public Task RoundAsync(IReadOnlyList<IPAddress> targets, TimeSpan timeout, Action<int, TimeSpan?> settled, CancellationToken cancel) =>
            Task.WhenAll(targets.Select(async (target, i) => settled(i, await ProbeAsync(target, timeout, cancel))));

        private async Task<TimeSpan?> ProbeAsync(IPAddress target, TimeSpan timeout, CancellationToken cancel)
        {
            if (Answering.GetValueOrDefault(target))
            {
                return TimeSpan.FromMilliseconds(1);
            }
            if (time is not null)
            {
                var timedOut = Task.Delay(timeout, time, cancel);
                Interlocked.Increment(ref waiting);
                await timedOut;
            }
            return null;
        }
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
    public async Task RunAsync_ProbesTimeOut_DownTheDetectionTimeAfterTheLastAnswer()
    {
        // The probes in flight take 0.8 s to time out; the path must be down at 3 s after its last
        // answer (two misses recorded), not after a third full timeout.
        var time = new FakeTimeProvider();
        var table = new PeerHealthTable();
        table.SetTargets([Dead], time.GetUtcNow());
        var sender = new FakeSender(time);
        sender.Answering[Dead.Vtep] = true;
        var prober = new PathProber(table, sender, TimeSpan.FromSeconds(1), NullLogger.Instance, time, jitter: 0);
        using var cancel = new CancellationTokenSource();
        var running = Task.Run(() => prober.RunAsync(cancel.Token));
        Assert.True(await LoopHarness.Eventually(() => prober.Rounds == 1 && prober.Checks == 1));
        var heard = time.GetUtcNow();

        sender.Answering[Dead.Vtep] = false;

        // Each step waits until every loop has set its next wait, so no timer starts late.
        async Task StepAsync(double seconds, Func<bool> settled)
        {
            time.Advance(TimeSpan.FromSeconds(seconds));
            Assert.True(await LoopHarness.Eventually(settled), $"not settled at {time.GetUtcNow() - heard}");
        }

        await StepAsync(1.0, () => sender.Waiting == 1 && prober.Checks == 2);
        await StepAsync(0.8, () => prober.Rounds == 2 && State(table, Dead).Misses == 1);
        await StepAsync(0.2, () => sender.Waiting == 2 && prober.Checks == 3);
        await StepAsync(0.8, () => prober.Rounds == 3 && State(table, Dead).Misses == 2);
        await StepAsync(0.199, () => true);
        Assert.NotEqual(PathHealth.Down, Health(table, Dead));

        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(await LoopHarness.Eventually(() => Health(table, Dead) == PathHealth.Down), $"health: {Health(table, Dead)}");
        Assert.Equal(heard + TimeSpan.FromSeconds(3), State(table, Dead).Since);
        Assert.Equal(2, State(table, Dead).Misses);
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

    private static PathHealth Health(PeerHealthTable table, ProbeTarget target) => State(table, target).Health;

    private static PathState State(PeerHealthTable table, ProbeTarget target) =>
        table.Snapshot().Single(p => p.Target == target).State;
}
