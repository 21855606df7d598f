using VxMesh.Bench.Health;

namespace VxMesh.Cli.Output;

/// <summary>The human view of `vxmesh bench health`.</summary>
public static class HealthTable
{
    public static void Write(HealthResult r)
    {
        Console.WriteLine($"lab {r.Lab}: probes every {r.IntervalSeconds:0.###} s, down after {r.DownAfter}, up after {r.UpAfter}; path {r.NodeA} <-> {r.NodeB}, read every {r.PollMs:0} ms");
        Console.WriteLine($"  detection (break -> both ends down), {r.DetectionMs.Count} breaks:   p50 {r.DetectionP50Ms:0} ms, p99 {r.DetectionP99Ms:0} ms (bound {r.DetectionBoundMs:0} ms + the nft run)");
        Console.WriteLine($"  recovery (restore -> both ends up), {r.RecoveryMs.Count} restores:  p50 {r.RecoveryP50Ms:0} ms, p99 {r.RecoveryP99Ms:0} ms");
        Console.WriteLine($"  probe RTT over the overlay, {r.ProbeRttMs.Count} paths:          p50 {r.ProbeRttP50Ms:0.000} ms, p99 {r.ProbeRttP99Ms:0.000} ms");
        Console.WriteLine($"  ping RTT over the underlay, {r.UnderlayRttMs.Count} paths:          p50 {r.UnderlayRttP50Ms:0.000} ms, p99 {r.UnderlayRttP99Ms:0.000} ms");
        Console.WriteLine($"  probe/underlay RTT ratio (medians): {r.RttRatioP50:0.00}");
    }
}
