using System.Diagnostics;
using VxMesh.Agent.Registry;
using VxMesh.Agent.Tests.Fakes;

namespace VxMesh.Agent.Tests.Runtime;

/// <summary>The loop reconciles on start and, soon after a change signal, on the new inventory.</summary>
public class AgentLoopChangeTests
{
    [Fact]
    public async Task RunAsync_Start_KernelConvergesToThePlan()
    {
        await using var harness = LoopHarness.Start(InventorySnapshot.Of(TestMesh.Article()), LoopHarness.Options());

        Assert.True(await LoopHarness.Eventually(() => harness.KernelMatches(TestMesh.Article())));
    }

    [Fact]
    public async Task RunAsync_ChangedEvent_PassAfterTheDebounceLongBeforeResync()
    {
        var debounce = TimeSpan.FromMilliseconds(200);
        await using var harness = LoopHarness.Start(InventorySnapshot.Of(TestMesh.Article()), LoopHarness.Options(debounceMs: 200));
        Assert.True(await LoopHarness.Eventually(() => harness.KernelMatches(TestMesh.Article())));
        var reads = harness.Source.ReadCount;
        var without = TestMesh.Article().WithoutNode("multicluster-test-003");

        harness.Source.Set(without);
        var clock = Stopwatch.StartNew();
        harness.Source.RaiseChanged();

        Assert.True(await LoopHarness.Eventually(() => harness.KernelMatches(without)), "the change was never applied");
        Assert.InRange(clock.Elapsed, debounce * 0.8, debounce + LoopHarness.Patience / 2);
        Assert.Equal(reads + 1, harness.Source.ReadCount);
    }
}
