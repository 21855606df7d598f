using System.Globalization;
using System.Text.RegularExpressions;
using VxMesh.Lab.Runtime;

namespace VxMesh.Lab.Tests.Support;

/// <summary>What `ping -q` said at the end: packets sent and answered.</summary>
internal sealed record PingOutcome(int Transmitted, int Received, string Output)
{
    public int Lost => Transmitted - Received;
}

/// <summary>
/// A continuous ping from a pod, as the fault tests run it around a fault: every 10 ms (the
/// kernel's floor for root is far below; 10 ms keeps 2 cores unbothered), a fixed count so it
/// ends by itself with complete statistics (an interrupted ping may count its last packet as
/// lost), and a deadline so it always ends.
/// </summary>
internal static partial class Ping
{
    [GeneratedRegex(@"(\d+) packets transmitted, (\d+) received")]
    private static partial Regex Summary();

    public static async Task<PingOutcome> RunAsync(string ns, string target, int count, TimeSpan deadline)
    {
        var seconds = ((int)deadline.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        var run = await ProcessRunner.RunAsync("ip",
            Netns.Exec(ns, "ping", "-q", "-n", "-i", "0.01", "-c", count.ToString(CultureInfo.InvariantCulture), "-w", seconds, target),
            deadline + TimeSpan.FromSeconds(5), CancellationToken.None);
        var match = Summary().Match(run.Stdout);
        return match.Success
            ? new PingOutcome(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), run.Stdout)
            : throw new InvalidOperationException($"ping gave no statistics (exit {run.ExitCode}): {run.Stdout} {run.Stderr}");
    }
}
