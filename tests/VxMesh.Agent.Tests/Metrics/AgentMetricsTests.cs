using VxMesh.Agent.Probing;
using VxMesh.Agent.Registry;
using VxMesh.Agent.Tests.Fakes;
using VxMesh.Agent.Tests.Runtime;
using VxMesh.Tests.Shared;

namespace VxMesh.Agent.Tests.Metrics;

/// <summary>The agent's /metrics: parses as Prometheus text and moves when the mesh changes.</summary>
public class AgentMetricsTests
{
    [Fact]
    public async Task Render_AfterStartPass_ParsesAndCountsThePassAndItsOps()
    {
        await using var harness = LoopHarness.StartProbed(InventorySnapshot.Of(TestMesh.Article()), LoopHarness.Options(), new PeerHealthTable());
        await harness.IdleAsync();

        var samples = ExpositionParser.Parse(harness.Loop.Metrics.Render());

        Assert.Equal(1, samples["vxmesh_reconcile_passes_total{reason=\"start\",outcome=\"converged\"}"]);
        // Counted against the fake kernel's own log of the ops it accepted.
        var applied = harness.AppliedOps();
        Assert.Equal(applied.Count(op => op is Dataplane.ReplaceRoute), samples["vxmesh_dataplane_ops_total{kind=\"ReplaceRoute\"}"]);
        Assert.Equal(5, samples["vxmesh_dataplane_ops_total{kind=\"ReplaceNeighbor\"}"]);
        Assert.Equal(applied.Count, samples.Where(s => s.Key.StartsWith("vxmesh_dataplane_ops_total{", StringComparison.Ordinal)).Sum(s => s.Value));
        Assert.Equal(1, samples["vxmesh_reconcile_pass_duration_seconds_count"]);
        Assert.Equal(0, samples["vxmesh_reconcile_pending_items"]);
        Assert.Equal(harness.Time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0, samples["vxmesh_reconcile_last_success_timestamp_seconds"]);
        Assert.Equal(5, samples["vxmesh_peers{state=\"unknown\"}"]);
        Assert.Equal(1, samples["vxmesh_peer_path_state{cluster=\"test-cluster2\",node=\"multicluster-test-003\",state=\"unknown\"}"]);
    }

    [Fact]
    public async Task Render_AfterANodeLeaves_ChangeCountedDeletesCountedPeerGone()
    {
        await using var harness = LoopHarness.StartProbed(InventorySnapshot.Of(TestMesh.Article()), LoopHarness.Options(), new PeerHealthTable());
        await harness.IdleAsync();

        harness.Source.Set(TestMesh.Article().WithoutNode("multicluster-test-003"));
        harness.Source.RaiseChanged();
        Assert.True(await LoopHarness.Eventually(() => harness.Loop.WaitingUntil == harness.Time.GetUtcNow() + TimeSpan.FromMilliseconds(20)),
            "the loop did not debounce the change");
        await harness.ElapseAsync();
        var samples = ExpositionParser.Parse(harness.Loop.Metrics.Render());

        Assert.Equal(1, samples["vxmesh_reconcile_passes_total{reason=\"change\",outcome=\"converged\"}"]);
        Assert.Equal(1, samples["vxmesh_registry_watch_events_total"]);
        Assert.Equal(1, samples["vxmesh_dataplane_ops_total{kind=\"DeleteRoute\"}"]);
        Assert.Equal(4, samples["vxmesh_peers{state=\"unknown\"}"]);
        Assert.DoesNotContain(samples.Keys, k => k.Contains("multicluster-test-003", StringComparison.Ordinal));
    }
}
