using VxMesh.Agent.Dataplane;
using VxMesh.Agent.Registry;
using VxMesh.Agent.Tests.Fakes;
using VxMesh.Netlink;

namespace VxMesh.Agent.Tests.Runtime;

/// <summary>Failed items are retried with exponential backoff until the kernel converges, then the retries stop.</summary>
public class AgentLoopRetryTests
{
    private static readonly TimeSpan Resync = TimeSpan.FromMilliseconds(3_600_000);

    /// <summary>The article mesh's routes per pass for node 001: 4 pod blocks and 2 remote service ranges.</summary>
    private const int Routes = 6;

    [Fact]
    public async Task RunAsync_OpsFailForSeveralPasses_RetriesUntilConvergedThenStops()
    {
        await using var harness = LoopHarness.Start(InventorySnapshot.Of(TestMesh.Article()), LoopHarness.Options(),
            dataplane => dataplane.Faults.FailNext<ReplaceRoute>(3 * Routes, Errno.ENOBUFS));

        var wait = await harness.IdleAsync();
        for (var i = 0; i < 10 && !harness.KernelMatches(TestMesh.Article()); i++)
        {
            wait = await harness.ElapseAsync();
        }

        Assert.True(harness.KernelMatches(TestMesh.Article()));
        Assert.True(harness.Source.ReadCount >= 4, $"expected at least 4 passes, saw {harness.Source.ReadCount}");
        Assert.True(wait > Resync * 0.99, $"converged, yet the loop comes back in {wait.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task RunAsync_RepeatedFailures_RetryGapsDoubleUpToRetryMax()
    {
        var options = LoopHarness.Options(retryMinMs: 40, retryMaxMs: 160);
        await using var harness = LoopHarness.Start(InventorySnapshot.Of(TestMesh.Article()), options,
            dataplane => dataplane.Faults.FailNext<ReplaceRoute>(Routes * 6, Errno.ENOBUFS));

        var gaps = new List<TimeSpan> { await harness.IdleAsync() };
        for (var k = 1; k < 5; k++)
        {
            gaps.Add(await harness.ElapseAsync());
        }

        Assert.Equal([40, 80, 160, 160, 160], gaps.Select(g => g.TotalMilliseconds));
    }

    /// <summary>AgentOptions: "RetryMin: first retry after a failed pass; doubles up to RetryMax".</summary>
    [Fact]
    public async Task RunAsync_FirstPassFails_FirstRetryAfterRetryMin()
    {
        await using var harness = LoopHarness.Start(InventorySnapshot.Of(TestMesh.Article()), LoopHarness.Options(retryMinMs: 1000, retryMaxMs: 8000),
            dataplane => dataplane.Faults.FailNext<ReplaceRoute>(Routes, Errno.ENOBUFS));

        Assert.Equal(TimeSpan.FromSeconds(1), await harness.IdleAsync());
        await harness.ElapseAsync();

        Assert.Equal(2, harness.Source.ReadCount);
        Assert.Equal(TimeSpan.FromSeconds(1), harness.Source.Reads[1] - harness.Source.Reads[0]);
        Assert.True(harness.KernelMatches(TestMesh.Article()));
    }

    /// <summary>An inventory that does not validate: the loop retries the read with its own backoff, doubling.</summary>
    [Fact]
    public async Task RunAsync_NoUsableInventory_ReadRetriedWithDoublingBackoff()
    {
        await using var harness = LoopHarness.Start(new InventorySnapshot(null, ["broken"]), LoopHarness.Options(retryMinMs: 100, retryMaxMs: 300));

        var gaps = new List<TimeSpan> { await harness.IdleAsync(), await harness.ElapseAsync(), await harness.ElapseAsync(), await harness.ElapseAsync() };

        Assert.Equal([100, 200, 300, 300], gaps.Select(g => g.TotalMilliseconds));
        Assert.Empty(harness.Dataplane.Log);
    }

    /// <summary>DeviceConflictException: "a terminal error for the operator, not something to retry".</summary>
    [Fact]
    public async Task RunAsync_DeviceOfAnotherKind_NotRetriedOnBackoff()
    {
        await using var harness = LoopHarness.Start(InventorySnapshot.Of(TestMesh.Article()), LoopHarness.Options(retryMinMs: 10, retryMaxMs: 20),
            dataplane => dataplane.Kernel.AddLink(TestMesh.Device, "bridge"));

        var wait = await harness.IdleAsync();

        Assert.Equal(Resync, wait);
        Assert.Equal(1, harness.Source.ReadCount);
        Assert.Empty(harness.Dataplane.Log);
    }
}
