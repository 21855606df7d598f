using VxMesh.Bench.DataPath.Paths;
using VxMesh.Lab.Runtime;
using VxMesh.Lab.Verify;

namespace VxMesh.Bench.DataPath.Tools;

/// <summary>Timings of N HTTP requests: seeds/004's three curl figures, in milliseconds, and the requests that failed.</summary>
public sealed record CurlSamples(IReadOnlyList<double> ConnectMs, IReadOnlyList<double> FirstByteMs, IReadOnlyList<double> TotalMs, int Failures, string? LastError)
{
    /// <summary>
    /// One curl process per request, one after another, as seeds/004 does (`for i in {1..10}; do curl …`):
    /// each opens a fresh connection, and curl's timers start after its own start-up, so process
    /// creation is not in the figures. The command and its parsing are verify's (same -w fields).
    /// </summary>
    public static async Task<CurlSamples> RunAsync(BenchEndpoint from, BenchEndpoint to, int count, CancellationToken cancel)
    {
        var connect = new List<double>();
        var firstByte = new List<double>();
        var total = new List<double>();
        var failures = 0;
        string? error = null;
        for (var i = 0; i < count; i++)
        {
            var run = await ProcessRunner.RunAsync("ip", Netns.Exec(from.Namespace, CurlProbe.Command(to.Ip.ToString())), Timeouts.Probe, cancel);
            if (run.Ok && CurlProbe.Parse(run.Stdout) is { HttpCode: 200 } outcome)
            {
                connect.Add(outcome.ConnectMs);
                firstByte.Add(outcome.FirstByteMs);
                total.Add(outcome.TotalMs);
            }
            else
            {
                failures++;
                error = run.Ok ? $"unexpected answer: {run.Stdout.Trim()}" : CurlProbe.Explain(run.ExitCode);
            }
        }
        return new CurlSamples(connect, firstByte, total, failures, error);
    }
}
