using VxMesh.Agent.Dataplane;
using VxMesh.Agent.Registry;
using VxMesh.Agent.Tests.Fakes;

namespace VxMesh.Agent.Tests.Runtime;

/// <summary>An inventory that stops validating (or drops this node) is not applied: the last good one stays in force.</summary>
public class AgentLoopInvalidInventoryTests
{
    public static TheoryData<string> BadSnapshots => ["invalid", "node missing"];

    [Theory]
    [MemberData(nameof(BadSnapshots))]
    public async Task RunAsync_BadSnapshotAfterGoodOne_LastGoodStaysAppliedNothingRemoved(string kind)
    {
        await using var harness = LoopHarness.Start(InventorySnapshot.Of(TestMesh.Article()), LoopHarness.Options(resyncMs: 30));
        await harness.IdleAsync();
        Assert.True(harness.KernelMatches(TestMesh.Article()));

        harness.Source.Set(kind == "invalid"
            ? new InventorySnapshot(null, ["clusters[1].nodes[0].ip: not an IP address"])
            : InventorySnapshot.Of(TestMesh.Article().WithoutNode(TestMesh.Self)));
        var reads = harness.Source.ReadCount;
        harness.Source.RaiseChanged();
        // The change signal and a timer step may fold into one pass: step (bounded) until three more reads.
        for (var i = 0; i < 10 && harness.Source.ReadCount < reads + 3; i++)
        {
            await harness.ElapseAsync();
        }

        Assert.True(harness.Source.ReadCount >= reads + 3, "no passes after the bad snapshot");
        Assert.True(harness.KernelMatches(TestMesh.Article()));
        Assert.DoesNotContain(harness.AppliedOps(), o => o.IsDelete);
    }

    [Fact]
    public async Task RunAsync_InvalidFromTheStart_NothingAppliedUntilAValidOneArrives()
    {
        await using var harness = LoopHarness.Start(new InventorySnapshot(null, ["mesh.vni: must be 1..16777215"]), LoopHarness.Options());
        await harness.ElapseAsync();
        await harness.ElapseAsync();
        Assert.True(harness.Source.ReadCount >= 3, "the loop should keep retrying");
        Assert.Empty(harness.Dataplane.Log);

        harness.Source.Set(TestMesh.Article());
        harness.Source.RaiseChanged();
        await harness.ElapseAsync();

        Assert.True(harness.KernelMatches(TestMesh.Article()));
        Assert.DoesNotContain(harness.AppliedOps(), o => o is DeleteDevice);
    }
}
