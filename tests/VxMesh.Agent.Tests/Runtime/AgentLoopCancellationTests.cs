using VxMesh.Agent.Dataplane;
using VxMesh.Agent.Registry;
using VxMesh.Agent.Tests.Fakes;
using VxMesh.Netlink;

namespace VxMesh.Agent.Tests.Runtime;

/// <summary>Cancellation ends the loop promptly, whatever it is waiting for, and it unsubscribes from the source.</summary>
public class AgentLoopCancellationTests
{
    [Fact]
    public async Task RunAsync_CancelledWhileWaitingForResync_CompletesAndStopsPassing()
    {
        await using var harness = LoopHarness.Start(InventorySnapshot.Of(TestMesh.Article()), LoopHarness.Options());
        await harness.IdleAsync();

        harness.Cancel();

        await harness.Running.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(harness.Running.IsCompletedSuccessfully);
        Assert.False(harness.Source.HasSubscribers);
        var reads = harness.Source.ReadCount;
        harness.Source.RaiseChanged();
        harness.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(reads, harness.Source.ReadCount);
    }

    [Fact]
    public async Task RunAsync_CancelledDuringALongBackoff_Completes()
    {
        await using var harness = LoopHarness.Start(InventorySnapshot.Of(TestMesh.Article()), LoopHarness.Options(retryMinMs: 60_000, retryMaxMs: 60_000),
            dataplane => dataplane.Faults.FailNext<ReplaceRoute>(1000, Errno.ENOBUFS));
        Assert.Equal(TimeSpan.FromMinutes(1), await harness.IdleAsync());

        harness.Cancel();

        await harness.Running.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(harness.Running.IsCompletedSuccessfully);
        Assert.Equal(1, harness.Source.ReadCount);
    }
}
