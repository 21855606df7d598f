using VxMesh.Agent.Dataplane;
using VxMesh.Agent.Registry;
using VxMesh.Agent.Tests.Fakes;
using VxMesh.Netlink;

namespace VxMesh.Agent.Tests.Runtime;

/// <summary>A failed pass is retried with exponential backoff until the kernel converges, then the retries stop.</summary>
public class AgentLoopRetryTests
{
    [Fact]
    public async Task RunAsync_OpsFailForSeveralPasses_RetriesUntilConvergedThenStops()
    {
        await using var harness = LoopHarness.Start(InventorySnapshot.Of(TestMesh.Article()), LoopHarness.Options(),
            dataplane => dataplane.Faults.FailNext<ReplaceRoute>(12, Errno.ENOBUFS));

        Assert.True(await LoopHarness.Eventually(() => harness.KernelMatches(TestMesh.Article())));
        Assert.True(harness.Source.ReadCount >= 4, $"expected at least 4 passes, saw {harness.Source.ReadCount}");
        var reads = harness.Source.ReadCount;
        await Task.Delay(300);
        Assert.Equal(reads, harness.Source.ReadCount);
    }

    [Fact]
    public async Task RunAsync_RepeatedFailures_RetryGapsGrowAndStayWithinRetryMax()
    {
        var options = LoopHarness.Options(retryMinMs: 40, retryMaxMs: 160);
        await using var harness = LoopHarness.Start(InventorySnapshot.Of(TestMesh.Article()), options,
            dataplane => dataplane.Faults.FailNext<ReplaceRoute>(4 * 6, Errno.ENOBUFS));

        Assert.True(await LoopHarness.Eventually(() => harness.KernelMatches(TestMesh.Article())));

        var reads = harness.Source.Reads;
        var gaps = reads.Zip(reads.Skip(1), (a, b) => b - a).Take(5).ToList();
        Assert.Equal(5, gaps.Count);
        for (var k = 0; k < gaps.Count; k++)
        {
            var floor = TimeSpan.FromMilliseconds(Math.Min(40 << k, 160));
            Assert.True(gaps[k] >= floor * 0.9, $"retry {k + 1} came after {gaps[k].TotalMilliseconds:F0} ms, before its backoff of {floor.TotalMilliseconds} ms");
            Assert.True(gaps[k] < TimeSpan.FromMilliseconds(160 + 500), $"retry {k + 1} waited {gaps[k].TotalMilliseconds:F0} ms, beyond RetryMax; reads at {string.Join(", ", reads.Select(r => r.TotalMilliseconds.ToString("F0")))}");
        }
    }

    /// <summary>AgentOptions: "RetryMin: first retry after a failed pass; doubles up to RetryMax".</summary>
    [Fact]
    public async Task RunAsync_FirstPassFails_FirstRetryAfterRetryMin()
    {
        var retryMin = TimeSpan.FromSeconds(1);
        await using var harness = LoopHarness.Start(InventorySnapshot.Of(TestMesh.Article()), LoopHarness.Options(retryMinMs: 1000, retryMaxMs: 8000),
            dataplane => dataplane.Faults.FailNext<ReplaceRoute>(4, Errno.ENOBUFS));

        Assert.True(await LoopHarness.Eventually(() => harness.Source.ReadCount >= 2), "no retry");

        var reads = harness.Source.Reads;
        Assert.InRange(reads[1] - reads[0], retryMin * 0.9, retryMin * 1.6);
    }

    /// <summary>DeviceConflictException: "a terminal error for the operator, not something to retry".</summary>
    [Fact]
    public async Task RunAsync_DeviceOfAnotherKind_NotRetriedOnBackoff()
    {
        await using var harness = LoopHarness.Start(InventorySnapshot.Of(TestMesh.Article()), LoopHarness.Options(retryMinMs: 10, retryMaxMs: 20),
            dataplane => dataplane.Kernel.AddLink(TestMesh.Device, "bridge"));

        Assert.True(await LoopHarness.Eventually(() => harness.Source.ReadCount >= 1));
        await Task.Delay(400);

        Assert.Equal(1, harness.Source.ReadCount);
        Assert.Empty(harness.Dataplane.Log);
    }
}
