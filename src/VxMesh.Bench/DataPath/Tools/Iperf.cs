using System.Globalization;
using VxMesh.Bench.DataPath.Paths;
using VxMesh.Lab.Runtime;

namespace VxMesh.Bench.DataPath.Tools;

/// <summary>
/// One iperf3 TCP run between two lab endpoints: a server started for this run alone in the
/// destination's namespace (`-1`: it serves one test and exits), the client in the source's, and
/// the server stopped afterwards whatever happened. Ports come from a small fixed range, so
/// nothing the bench starts can be mistaken for something else, and every wait is bounded.
/// </summary>
public static class Iperf
{
    public const int FirstPort = 15201;
    public const int PortCount = 8;

    private static readonly TimeSpan ListenWait = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(1);

    public static int Port(int run) => FirstPort + run % PortCount;

    public static async Task<IperfResult> RunAsync(BenchEndpoint from, BenchEndpoint to, int streams, int seconds, int port, CancellationToken cancel)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var server = ProcessRunner.RunAsync("ip", Netns.Exec(to.Namespace, "iperf3", "-s", "-1", "-p", Text(port)),
            TimeSpan.FromSeconds(seconds + 20), stop.Token);
        try
        {
            if (!await ListeningAsync(to.Namespace, port, server, cancel))
            {
                return IperfResult.Failed(streams, $"iperf3 server in {to.Name} did not listen on port {port}: {await ExitTextAsync(server)}");
            }
            var client = await ProcessRunner.RunAsync("ip", Netns.Exec(from.Namespace, ClientCommand(to, streams, seconds, port)),
                TimeSpan.FromSeconds(seconds + 15), cancel);
            var result = IperfResult.Parse(client.Stdout, streams);
            return result.Ok || client.Stderr.Trim().Length == 0 ? result : result with { Error = $"{result.Error}; {client.Stderr.Trim()}" };
        }
        finally
        {
            await StopAsync(server, stop);
        }
    }

    /// <summary>`-J` for the machine-readable report; `--connect-timeout` so an unreachable pod fails in 3 s, not 2 minutes.</summary>
    public static IReadOnlyList<string> ClientCommand(BenchEndpoint to, int streams, int seconds, int port) =>
        ["iperf3", "-c", to.Ip.ToString(), "-p", Text(port), "-t", Text(seconds), "-P", Text(streams), "-J", "--connect-timeout", "3000"];

    private static async Task<bool> ListeningAsync(string ns, int port, Task<ProcessResult> server, CancellationToken cancel)
    {
        var deadline = DateTime.UtcNow + ListenWait;
        while (DateTime.UtcNow < deadline && !server.IsCompleted)
        {
            var ss = await ProcessRunner.RunAsync("ip", Netns.Exec(ns, "ss", "-H", "-l", "-t", "-n", $"sport = :{port}"), Timeouts.Command, cancel);
            if (ss.Ok && ss.Stdout.Trim().Length > 0)
            {
                return true;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancel);
        }
        return false;
    }

    /// <summary>The one-off server leaves by itself after its test; give it a moment, then kill it (ProcessRunner kills on cancel).</summary>
    private static async Task StopAsync(Task<ProcessResult> server, CancellationTokenSource stop)
    {
        await Task.WhenAny(server, Task.Delay(ExitGrace, CancellationToken.None));
        if (!server.IsCompleted)
        {
            await stop.CancelAsync();
        }
        try
        {
            await server;
        }
        catch (Exception e) when (e is OperationCanceledException or LabException)
        {
            // Stopped by us or by its own timeout: either way it is gone, which is all that matters here.
        }
    }

    private static async Task<string> ExitTextAsync(Task<ProcessResult> server)
    {
        if (!server.IsCompleted)
        {
            return "still starting";
        }
        try
        {
            var r = await server;
            return $"exited {r.ExitCode}: {(r.Stderr + " " + r.Stdout).Trim()}";
        }
        catch (Exception e) when (e is OperationCanceledException or LabException)
        {
            return e.Message;
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
