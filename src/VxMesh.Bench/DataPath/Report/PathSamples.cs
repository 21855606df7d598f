using VxMesh.Bench.DataPath.Paths;
using VxMesh.Bench.DataPath.Tools;

namespace VxMesh.Bench.DataPath.Report;

/// <summary>Everything measured on one path, all rounds together, before it is summarised.</summary>
public sealed class PathSamples(BenchPath path)
{
    public BenchPath Path { get; } = path;

    public List<IperfResult> OneStream { get; } = [];

    public List<IperfResult> FourStreams { get; } = [];

    public List<CurlSamples> Curl { get; } = [];

    public List<PingResult> Ping { get; } = [];

    public List<string> Errors { get; } = [];
}
