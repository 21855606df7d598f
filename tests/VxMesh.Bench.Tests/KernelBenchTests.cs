using VxMesh.Bench.ControlPlane;
using VxMesh.Bench.Drift;

namespace VxMesh.Bench.Tests;

/// <summary>
/// The benchmarks run end to end on the real kernel with small sizes. Nothing here asserts a
/// time (performance lives in `vxmesh bench`); they assert that what is measured really
/// happened: every entry programmed, every tampering repaired, foreign routes untouched, and
/// no namespace left behind.
/// </summary>
public sealed class KernelBenchTests
{
    private static readonly IProgress<string> Quiet = new Progress<string>(_ => { });

    [Fact]
    public async Task ControlPlane_SmallMesh_BothPathsProgramEveryEntryAndCleanUp()
    {
        RequireRoot();
        var result = await ControlPlaneBench.RunAsync(peers: 200, repeats: 1, events: 20, agent: null, Quiet, CancellationToken.None);

        Assert.Equal(800, result.Entries);
        Assert.Single(result.AgentSamplesMs);
        Assert.Single(result.BatchSamplesMs);
        Assert.Single(result.FloorSamplesMs);
        Assert.Equal(20, result.PeerJoinSamplesMs.Count);
        Assert.Equal(20, result.PeerLeaveSamplesMs.Count);
        Assert.True(result.Ratio > 0 && result.AgentToFloor > 0 && result.BatchToFloor > 0);
        Assert.Null(result.Process);
        Assert.Empty(BenchNamespaces());
    }

    [Fact]
    public async Task Drift_FortyTamperings_AllRepairedForeignRoutesUntouchedAndCleanedUp()
    {
        RequireRoot();
        var result = await DriftBench.RunAsync(tamperings: 40, peers: 20, seed: 7, Quiet, CancellationToken.None);

        Assert.Equal(40, result.Tamperings);
        Assert.Equal(40, result.ByKind.Values.Sum());
        Assert.True(result.ForeignUntouched);
        Assert.Equal(4, result.ByKind.Count);
        Assert.Empty(BenchNamespaces());
    }

    private static string[] BenchNamespaces() =>
        Directory.Exists("/run/netns") ? Directory.GetFiles("/run/netns", "vxbench-*") : [];

    private static void RequireRoot()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Assert.Fail("kernel benchmark tests need root (network namespaces); run ./test.sh");
        }
    }
}
