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
        Assert.True(await LoopHarness.Eventually(() => harness.KernelMatches(TestMesh.Article())));
        var reads = harness.Source.ReadCount;

        for (var i = 0; i < 10; i++)
        {
            harness.Source.RaiseChanged();
            await Task.Delay(10);
        }
        await Task.Delay(1000);

        Assert.Equal(reads + 1, harness.Source.ReadCount);
    }
}
