using System.Net;
using VxMesh.Bench.DataPath;
using VxMesh.Bench.DataPath.Offloads;
using VxMesh.Bench.DataPath.Paths;
using VxMesh.Bench.DataPath.Report;
using VxMesh.Bench.DataPath.Tools;

namespace VxMesh.Bench.Tests.DataPath;

public sealed class ReportBuilderTests
{
    private static readonly OffloadReport Offloads = new(OffloadMode.Off, 3, new Dictionary<string, int>(), [], [], Restored: true);

    [Fact]
    public void Build_UnderlayAndVxlan_RatiosAgainstTheUnderlayOfTheSameRun()
    {
        var underlay = Samples(PathKind.Underlay(sameSegment: true), gbps1: [3.22], gbps4: [4.0], totalMs: [3.1], pingMs: [0.1]);
        var vxlan = Samples(new PathKind(Ends.PodToPod, Scope.OtherCluster, Span.Routed, Mechanism.Vxlan, "vxmesh"), gbps1: [1.84], gbps4: [3.0], totalMs: [4.0], pingMs: [0.15],
            baseline: underlay.Path.Kind.Id);

        var report = ReportBuilder.Build("t", [underlay, vxlan], Options(), Offloads, TimeSpan.FromSeconds(12.34));

        var u = report.Paths[0];
        Assert.Equal((1.0, 1.0, 1.0, 1.0), (u.OneStream.Ratio, u.FourStreams.Ratio, u.Latency.TotalRatio, u.Latency.PingRatio));
        var v = report.Paths[1];
        Assert.Equal(0.571, v.OneStream.Ratio); // seeds/004: 1.84 / 3.22, i.e. −43 %
        Assert.Equal(0.75, v.FourStreams.Ratio);
        Assert.Equal(1.29, v.Latency.TotalRatio);
        Assert.Equal(1.5, v.Latency.PingRatio);
        Assert.Equal(12.3, report.ElapsedSeconds);
        Assert.True(report.Ok);
    }

    [Fact]
    public void Stream_ThreeRounds_MedianOfTheRunsThatWorked()
    {
        var runs = new[] { Run(2.0), Run(9.0), IperfResult.Failed(1, "refused"), Run(3.0) };

        var figure = ReportBuilder.Stream(1, runs, [Run(4.0)], self: false);

        Assert.Equal(3.0, figure.Gbps);
        Assert.Equal(0.75, figure.Ratio);
        Assert.Equal([2.0, 9.0, 3.0], figure.RunsGbps);
    }

    [Fact]
    public void Stream_BaselineFailed_NoRatioRatherThanAGuess()
    {
        var figure = ReportBuilder.Stream(1, [Run(2.0)], [IperfResult.Failed(1, "refused")], self: false);

        Assert.Equal(2.0, figure.Gbps);
        Assert.Null(figure.Ratio);
    }

    [Fact]
    public void Build_ToolErrors_ReportNotOk()
    {
        var underlay = Samples(PathKind.Underlay(sameSegment: true), gbps1: [1], gbps4: [1], totalMs: [1], pingMs: [1]);
        underlay.Errors.Add("iperf3 -P 4: refused");

        Assert.False(ReportBuilder.Build("t", [underlay], Options(), Offloads, TimeSpan.Zero).Ok);
        Assert.False(ReportBuilder.Build("t", [Samples(PathKind.Underlay(true), [1], [1], [1], [1])], Options(), Offloads with { Restored = false }, TimeSpan.Zero).Ok);
    }

    [Theory]
    [InlineData(2.0, 4.0, false, 0.5)]
    [InlineData(7.3, 7.3, true, 1.0)]
    [InlineData(null, 4.0, false, null)]
    [InlineData(2.0, 0.0, false, null)]
    public void Ratio_Cases(double? value, double? baseline, bool self, double? expected) =>
        Assert.Equal(expected, ReportBuilder.Ratio(value, baseline, self));

    private static DataPathOptions Options() => new(Samples: 1, DurationSeconds: 1, Repeat: 1, OffloadMode.Off);

    private static IperfResult Run(double gbps) => new(1, gbps * 1e9, 0, 1448, null);

    private static PathSamples Samples(PathKind kind, double[] gbps1, double[] gbps4, double[] totalMs, double[] pingMs, string? baseline = null)
    {
        var node = new BenchEndpoint("a", "ns-a", IPAddress.Parse("198.18.1.1"), "a", "c", "s", IsPod: false);
        var samples = new PathSamples(new BenchPath(kind, node, node with { Name = "b" }, "eth0", baseline ?? kind.Id));
        samples.OneStream.AddRange(gbps1.Select(Run));
        samples.FourStreams.AddRange(gbps4.Select(g => new IperfResult(4, g * 1e9, 0, 1448, null)));
        samples.Curl.Add(new CurlSamples(totalMs, totalMs, totalMs, 0, null));
        samples.Ping.Add(new PingResult(pingMs, pingMs.Length, pingMs.Length));
        return samples;
    }
}
