using System.Text.Json.Nodes;
using VxMesh.Bench.DataPath.Offloads;
using VxMesh.Tests.Shared;

namespace VxMesh.Bench.Tests.DataPath;

/// <summary>
/// `vxmesh bench --lab` end to end with the real CLI, agents, nginx, iperf3, curl, ping and ethtool:
/// examples/lab-auto.yaml (backend auto: host-gw and vxlan side by side) under a unique name,
/// measured with minimal samples and duration and offloads off, then torn down in `finally`.
/// Asserts that every path produced numbers, that the underlay's ratio to itself is exactly 1,
/// that auto routed same-segment peers host-gw and routed peers vxlan, that the chart is a PNG
/// and that every device's offloads are back as they were. No timing is asserted.
/// </summary>
public sealed class BenchLabEndToEndTests
{
    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "vxmesh.dll");

    [Fact]
    public void BenchLab_AutoLabOffloadsOff_EveryPathMeasuredUnderlayRatioOneAndDevicesRestored()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Assert.Fail("the data-path bench test needs root (it builds a lab of network namespaces); run ./test.sh");
        }
        var lab = "bt" + Guid.NewGuid().ToString("N")[..6];
        var chart = Path.Combine(Path.GetTempPath(), $"vxmesh-{lab}.png");
        try
        {
            Vxmesh(120, "lab", "up", "-f", Repo.Path("examples", "lab-auto.yaml"), "--name", lab).EnsureSuccess("lab up");
            var before = Offloads(lab);

            var run = Vxmesh(240, "bench", "--lab", lab, "--samples", "2", "--duration", "1", "--offloads", "off", "--plot", chart, "-o", "json");

            Assert.True(run.ExitCode == 0, $"bench exited {run.ExitCode}: {run.Stderr}");
            var report = JsonNode.Parse(run.Stdout)!;
            var paths = report["paths"]!.AsArray().Select(p => p!).ToList();
            Assert.Equal(12, paths.Count);
            Assert.All(paths, EveryFigurePositive);
            Assert.All(paths.Where(p => (string?)p["mechanism"] == "underlay"), UnderlayRatiosExactlyOne);
            Assert.Contains(paths, p => (string?)p["id"] == "pod-pod/other-cluster/one-segment/host-gw/vxmesh" && (string?)p["device"] == "eth0");
            Assert.Contains(paths, p => (string?)p["id"] == "pod-pod/other-cluster/routed/vxlan/vxmesh" && (string?)p["device"] == "vxmesh0");
            Assert.Equal("off", (string?)report["offloads"]!["mode"]);
            Assert.True((bool)report["offloads"]!["restored"]!);
            Assert.Equal(0, (int)report["offloads"]!["activeDuringRun"]!["tso"]!);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(chart).Take(4));
            var after = Offloads(lab);
            Assert.Equal(before.Keys.Order(), after.Keys.Order());
            Assert.All(before, b => Assert.Empty(b.Value.Differences(after[b.Key])));
        }
        finally
        {
            Vxmesh(60, "lab", "down", "--name", lab);
            File.Delete(chart);
        }
    }

    private static void EveryFigurePositive(JsonNode path)
    {
        var what = (string?)path["id"];
        Assert.True((double?)path["oneStream"]!["gbps"] > 0, $"{what}: 1 stream");
        Assert.True((double?)path["fourStreams"]!["gbps"] > 0, $"{what}: 4 streams");
        Assert.True((double?)path["oneStream"]!["ratio"] > 0, $"{what}: ratio");
        Assert.True((double?)path["latency"]!["totalMs"]!["median"] > 0, $"{what}: curl");
        Assert.True((double?)path["latency"]!["pingMs"]!["median"] > 0, $"{what}: ping");
        Assert.Empty(path["errors"]!.AsArray());
    }

    private static void UnderlayRatiosExactlyOne(JsonNode path)
    {
        Assert.Equal((string?)path["id"], (string?)path["baseline"]);
        Assert.Equal(1.0, (double?)path["oneStream"]!["ratio"]);
        Assert.Equal(1.0, (double?)path["fourStreams"]!["ratio"]);
        Assert.Equal(1.0, (double?)path["latency"]!["totalRatio"]);
        Assert.Equal(1.0, (double?)path["latency"]!["pingRatio"]);
    }

    /// <summary>Every device of the lab (by namespace/name) with its offload features, read with ethtool as the bench reads them.</summary>
    private static Dictionary<string, DeviceFeatures> Offloads(string lab)
    {
        var result = new Dictionary<string, DeviceFeatures>();
        foreach (var ns in Shell.Run("ip", "netns", "list").Stdout.Split('\n').Select(l => l.Split(' ')[0]).Where(n => n.StartsWith($"vxlab-{lab}-", StringComparison.Ordinal)))
        {
            foreach (var device in LabDevices.Parse(ns, Shell.Run("ip", "-n", ns, "-j", "-d", "link", "show").EnsureSuccess("ip link").Stdout))
            {
                var json = Shell.Run("ip", "netns", "exec", ns, "ethtool", "--json", "-k", device.Name).EnsureSuccess("ethtool -k").Stdout;
                result[$"{ns}/{device.Name}"] = DeviceFeatures.Parse(ns, device.Name, json);
            }
        }
        return result;
    }

    private static Shell.Result Vxmesh(int timeoutSeconds, params string[] args) =>
        Shell.Run("dotnet", [Cli, .. args], timeoutMs: timeoutSeconds * 1000);
}
