using VxMesh.Agent.Registry;
using VxMesh.Agent.Tests.Fakes;

namespace VxMesh.Agent.Tests.Runtime;

/// <summary>AgentOptions.Debounce "coalesces bursts of change signals (an editor's save, a flurry of netlink events)".</summary>
public class AgentLoopDebounceTests
{
    [Fact]
    public async Task RunAsync_BurstOfChangesWithinTheDebounce_OnePass()
    {
        await using var harness = LoopHarness.Start(InventorySnapshot.Of(TestMesh.Article()), LoopHarness.Options(debounceMs: 300));
        await harness.IdleAsync();
        Assert.True(harness.KernelMatches(TestMesh.Article()));
        var reads = harness.Source.ReadCount;

        harness.Source.RaiseChanged();
        Assert.True(await LoopHarness.Eventually(() => harness.Loop.WaitingUntil == harness.Time.GetUtcNow() + TimeSpan.FromMilliseconds(300)),
            "the loop did not start its debounce");
        for (var i = 0; i < 9; i++)
        {
            harness.Time.Advance(TimeSpan.FromMilliseconds(10));
            harness.Source.RaiseChanged();
        }
        var next = await harness.ElapseAsync();

        Assert.Equal(reads + 1, harness.Source.ReadCount);
        Assert.True(next > TimeSpan.FromMinutes(59), $"a second pass is due in {next}");
    }
}
