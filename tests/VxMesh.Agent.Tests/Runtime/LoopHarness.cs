using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using VxMesh.Agent.Dataplane;
using VxMesh.Agent.Probing;
using VxMesh.Agent.Reconcile.Tables;
using VxMesh.Agent.Registry;
using VxMesh.Agent.Runtime;
using VxMesh.Agent.Tests.Fakes;
using VxMesh.Core.Model;

namespace VxMesh.Agent.Tests.Runtime;

/// <summary>
/// An <see cref="AgentLoop"/> for node 001 running on a background task over a fake kernel, a fake
/// source and a fake clock. Time moves only when a test moves it, so every wait the loop makes is
/// checked exactly (its deadline) instead of against a wall-clock window; the real clock only bounds
/// how long a test waits for the loop's thread to get there (<see cref="Patience"/>).
/// </summary>
internal sealed class LoopHarness : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource cancel = new();

    private LoopHarness(InventorySnapshot initial, AgentOptions options, Action<FakeDataplane>? arrange, PeerHealthTable? probes = null)
    {
        Source = new FakeInventorySource(TestMesh.Article(), Time);
        Source.Set(initial);
        arrange?.Invoke(Dataplane);
        var agent = new NodeAgent(Dataplane, TestMesh.Self, NullLogger.Instance, Time, new RetryPolicy(options.RetryMin, options.RetryMax));
        Loop = new AgentLoop(Source, agent, options, NullLogger.Instance, time: Time) { Probes = probes };
        Running = Task.Run(() => Loop.RunAsync(cancel.Token));
    }

    public FakeTimeProvider Time { get; } = new();

    public FakeDataplane Dataplane { get; } = FakeDataplane.ForNode(TestMesh.SelfUnderlay);

    public FakeInventorySource Source { get; }

    public AgentLoop Loop { get; }

    public Task Running { get; }

    /// <param name="arrange">Runs before the loop starts (seed the kernel, plan failures).</param>
    public static LoopHarness Start(InventorySnapshot initial, AgentOptions options, Action<FakeDataplane>? arrange = null) =>
        new(initial, options, arrange);

    /// <summary>A loop that hands its planned peers to <paramref name="probes"/> after each pass.</summary>
    public static LoopHarness StartProbed(InventorySnapshot initial, AgentOptions options, PeerHealthTable probes) =>
        new(initial, options, null, probes);

    public static AgentOptions Options(int resyncMs = 3_600_000, int retryMinMs = 10, int retryMaxMs = 40, int debounceMs = 20) =>
        new(TimeSpan.FromMilliseconds(resyncMs), TimeSpan.FromMilliseconds(retryMinMs), TimeSpan.FromMilliseconds(retryMaxMs), TimeSpan.FromMilliseconds(debounceMs));

    public bool KernelMatches(Inventory inventory)
    {
        var plan = TestMesh.Plan(inventory);
        return Dataplane.Inspect(kernel => KernelAssert.IsMatch(plan, kernel));
    }

    public IReadOnlyList<DataplaneOp> AppliedOps() => [.. Dataplane.Log.Where(r => r.Ok).Select(r => r.Op)];

    /// <summary>
    /// Waits until the loop waits (for a change, a retry, a resync or a debounce) and returns how far
    /// away, on the fake clock, its deadline is.
    /// </summary>
    public async Task<TimeSpan> IdleAsync()
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline && !Running.IsCompleted)
        {
            if (Loop.WaitingUntil is { } until)
            {
                return until - Time.GetUtcNow();
            }
            await Task.Delay(2);
        }
        throw new TimeoutException($"the loop did not come to wait within {Patience.TotalSeconds} s (running: {!Running.IsCompleted})");
    }

    /// <summary>Moves the fake clock to the loop's deadline and waits until it waits again; returns the next wait.</summary>
    public async Task<TimeSpan> ElapseAsync()
    {
        var wait = await IdleAsync();
        var passes = Loop.Passes;
        var reads = Source.ReadCount;
        Time.Advance(wait);
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline && Loop.WaitingUntil is { } until && until <= Time.GetUtcNow())
        {
            await Task.Delay(2);
        }
        return await IdleAsync();
    }

    public void Cancel() => cancel.Cancel();

    public async ValueTask DisposeAsync()
    {
        cancel.Cancel();
        await Running.WaitAsync(Patience);
        cancel.Dispose();
        Loop.Dispose();
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or <see cref="Patience"/> runs out.</summary>
    public static async Task<bool> Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (condition())
            {
                return true;
            }
            await Task.Delay(5);
        }
        return condition();
    }
}
