using VxMesh.Agent.Registry;
using VxMesh.Agent.Tests.Fakes;

namespace VxMesh.Agent.Tests.Runtime;

/// <summary>The loop reconciles on start and, one debounce after a change signal, on the new inventory.</summary>
public class AgentLoopChangeTests
{
    [Fact]
    public async Task RunAsync_Start_KernelConvergesToThePlan()
    {
        await using var harness = LoopHarness.Start(InventorySnapshot.Of(TestMesh.Article()), LoopHarness.Options());

        await harness.IdleAsync();

        Assert.True(harness.KernelMatches(TestMesh.Article()));
    }

    [Fact]
    public async Task RunAsync_ChangedEvent_PassAfterTheDebounceLongBeforeResync()
    {
        await using var harness = LoopHarness.Start(InventorySnapshot.Of(TestMesh.Article()), LoopHarness.Options(debounceMs: 200));
        await harness.IdleAsync();
        var reads = harness.Source.ReadCount;
        var without = TestMesh.Article().WithoutNode("multicluster-test-003");

        harness.Source.Set(without);
        harness.Source.RaiseChanged();
        Assert.True(await LoopHarness.Eventually(() => harness.Loop.WaitingUntil == harness.Time.GetUtcNow() + TimeSpan.FromMilliseconds(200)),
            "the loop did not debounce the change");
        Assert.False(harness.KernelMatches(without));
        await harness.ElapseAsync();

        Assert.True(harness.KernelMatches(without), "the change was not applied after the debounce");
        Assert.Equal(reads + 1, harness.Source.ReadCount);
        Assert.Equal(TimeSpan.FromMilliseconds(200), harness.Source.Reads[^1] - harness.Source.Reads[^2]);
    }

    [Fact]
    public async Task RunAsync_ResyncIntervalPasses_KernelReadAgainAndDriftRepaired()
    {
        await using var harness = LoopHarness.Start(InventorySnapshot.Of(TestMesh.Article()), LoopHarness.Options(resyncMs: 30_000));
        var wait = await harness.IdleAsync();
        var observes = harness.Dataplane.ObserveCount;
        harness.Dataplane.Inspect(k => k.DeleteNeighbor(TestMesh.Device, System.Net.IPAddress.Parse("179.17.1.16")));

        await harness.ElapseAsync();

        Assert.Equal(TimeSpan.FromSeconds(30), wait);
        Assert.Equal(observes + 1, harness.Dataplane.ObserveCount);
        Assert.True(harness.KernelMatches(TestMesh.Article()));
    }
}
