using Microsoft.Extensions.Logging.Abstractions;
using VxMesh.Agent.Dataplane;
using VxMesh.Agent.Registry;
using VxMesh.Agent.Runtime;
using VxMesh.Agent.Tests.Fakes;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;

namespace VxMesh.Agent.Tests.Runtime;

/// <summary>An <see cref="AgentLoop"/> for node 001 running on a background task over a fake kernel and a fake source.</summary>
internal sealed class LoopHarness : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource cancel = new();

    /// <summary>
    /// On a two-core runner the test framework blocks the few default pool threads; timers (the
    /// loop's backoff and debounce waits) then stall until the pool injects a thread, ~1 s later,
    /// which would make the timing assertions measure the runner instead of the loop.
    /// </summary>
    static LoopHarness()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 16), io);
    }

    private LoopHarness(InventorySnapshot initial, AgentOptions options, Action<FakeDataplane>? arrange)
    {
        Source = new FakeInventorySource(TestMesh.Article());
        Source.Set(initial);
        arrange?.Invoke(Dataplane);
        var loop = new AgentLoop(Source, new NodeAgent(Dataplane, TestMesh.Self, NullLogger.Instance), options, NullLogger.Instance);
        Running = Task.Run(() => loop.RunAsync(cancel.Token));
    }

    public FakeDataplane Dataplane { get; } = FakeDataplane.ForNode(TestMesh.SelfUnderlay);

    public FakeInventorySource Source { get; }

    public Task Running { get; }

    /// <param name="arrange">Runs before the loop starts (seed the kernel, plan failures).</param>
    public static LoopHarness Start(InventorySnapshot initial, AgentOptions options, Action<FakeDataplane>? arrange = null) =>
        new(initial, options, arrange);

    public static AgentOptions Options(int resyncMs = 3_600_000, int retryMinMs = 10, int retryMaxMs = 40, int debounceMs = 20) =>
        new(TimeSpan.FromMilliseconds(resyncMs), TimeSpan.FromMilliseconds(retryMinMs), TimeSpan.FromMilliseconds(retryMaxMs), TimeSpan.FromMilliseconds(debounceMs));

    public bool KernelMatches(Inventory inventory)
    {
        var plan = TestMesh.Plan(inventory);
        return Dataplane.Inspect(kernel => KernelAssert.IsMatch(plan, kernel));
    }

    public IReadOnlyList<DataplaneOp> AppliedOps() => [.. Dataplane.Log.Where(r => r.Ok).Select(r => r.Op)];

    public void Cancel() => cancel.Cancel();

    public async ValueTask DisposeAsync()
    {
        cancel.Cancel();
        await Running.WaitAsync(Patience);
        cancel.Dispose();
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
