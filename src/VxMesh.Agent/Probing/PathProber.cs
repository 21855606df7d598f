using Microsoft.Extensions.Logging;

namespace VxMesh.Agent.Probing;

/// <summary>
/// Probes every peer in a <see cref="PeerHealthTable"/> once per interval (with up to ±10 % jitter so a
/// mesh of agents started together does not probe in lockstep) and records each answer or miss. Rounds
/// start <paramref name="interval"/> apart on the injected clock; a probe waits at most the interval for
/// its answer, so a dead path costs one interval per miss and is down after N of them. At most
/// <see cref="Concurrency"/> probes are in flight at once: at 10,000 peers a round is 10,000 small
/// packets a second (an ICMP echo with a 12-byte payload: ~0.5 MB/s each way).
/// </summary>
public sealed partial class PathProber(
    PeerHealthTable table, IProbeSender sender, TimeSpan interval, ILogger logger, TimeProvider? time = null, double jitter = 0.1)
{
    public const int Concurrency = 256;

    private readonly TimeProvider clock = time ?? TimeProvider.System;
    private long rounds;

    public TimeSpan Interval => interval;

    /// <summary>Rounds completed (tests wait on it).</summary>
    public long Rounds => Interlocked.Read(ref rounds);

    public async Task RunAsync(CancellationToken cancel)
    {
        try
        {
            await RoundsAsync(cancel);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task RoundsAsync(CancellationToken cancel)
    {
        using var slots = new SemaphoreSlim(Concurrency);
        while (!cancel.IsCancellationRequested)
        {
            var started = clock.GetUtcNow();
            var targets = table.Targets();
            var before = table.Down();
            await Task.WhenAll(targets.Select(async target =>
            {
                await slots.WaitAsync(cancel);
                try
                {
                    var rtt = await sender.ProbeAsync(target.Vtep, interval, cancel);
                    table.Record(target, rtt, clock.GetUtcNow());
                }
                finally
                {
                    slots.Release();
                }
            })).ConfigureAwait(false);
            Interlocked.Increment(ref rounds);
            LogChanges(before);
            var spread = jitter > 0 ? interval * ((Random.Shared.NextDouble() * 2 - 1) * jitter) : TimeSpan.Zero;
            var wait = started + interval + spread - clock.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, clock, cancel);
            }
        }
    }

    private void LogChanges(IReadOnlySet<(string Cluster, string Node)> before)
    {
        var after = table.Down();
        foreach (var (cluster, node) in after.Except(before))
        {
            LogDown(cluster, node, table.Thresholds.DownAfter);
        }
        foreach (var (cluster, node) in before.Except(after))
        {
            LogUp(cluster, node);
        }
    }

    [LoggerMessage(EventId = 470, Level = LogLevel.Warning, Message = "overlay path to {Cluster}/{Node} is down ({Misses} probes in a row unanswered)")]
    private partial void LogDown(string cluster, string node, int misses);

    [LoggerMessage(EventId = 471, Level = LogLevel.Information, Message = "overlay path to {Cluster}/{Node} is up again")]
    private partial void LogUp(string cluster, string node);
}
