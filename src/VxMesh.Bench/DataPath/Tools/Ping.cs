using System.Globalization;
using VxMesh.Bench.DataPath.Paths;
using VxMesh.Lab.Runtime;

namespace VxMesh.Bench.DataPath.Tools;

/// <summary>ICMP round trips from one lab endpoint to another: `ping -c N -i 0.01`, bounded by its own deadline.</summary>
public static class Ping
{
    /// <summary>
    /// 10 ms apart (root may go below ping's 200 ms floor): fast, yet far from flooding. -W 1: a lost
    /// echo costs one second at most; -w: the whole run ends by its deadline even if replies stop.
    /// </summary>
    public static IReadOnlyList<string> Command(BenchEndpoint to, int count) =>
        ["ping", "-n", "-c", Text(count), "-i", "0.01", "-W", "1", "-w", Text(Deadline(count)), to.Ip.ToString()];

    public static async Task<PingResult> RunAsync(BenchEndpoint from, BenchEndpoint to, int count, CancellationToken cancel)
    {
        var run = await ProcessRunner.RunAsync("ip", Netns.Exec(from.Namespace, Command(to, count)),
            TimeSpan.FromSeconds(Deadline(count) + 5), cancel);
        return PingResult.Parse(run.Stdout);
    }

    private static int Deadline(int count) => (int)Math.Ceiling(count * 0.01) + 3;

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
