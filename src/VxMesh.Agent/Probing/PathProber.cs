using Microsoft.Extensions.Logging;

namespace VxMesh.Agent.Probing;

/// <summary>
/// Probes every peer in a <see cref="PeerHealthTable"/> once per interval and records each answer or
/// miss, and runs the table's detection timers. Rounds start up to 10 % early (BFD's jitter: only ever
/// shorter, so a healthy path is heard at least once an interval and a mesh of agents started together
/// does not probe in lockstep); a probe waits at most 80 % of the interval for its answer, so a round
/// with dead peers in it still ends before the next is due. A path is down once
/// it has been silent for N intervals — at that moment, not when the probe in flight times out — so
/// detection takes between N − 1 and N intervals after the break. A round is the sender's
/// (<see cref="IProbeSender.RoundAsync"/>; the ICMP sender sends every echo at once and waits once for
/// the round): at 10,000 peers a round is 10,000 small packets a second (an ICMP echo with a 12-byte
/// payload: ~0.5 MB/s each way).
/// </summary>
public sealed partial class PathProber(
    PeerHealthTable table, IProbeSender sender, TimeSpan interval, ILogger logger, TimeProvider? time = null, double jitter = 0.1)
{
    private readonly TimeProvider clock = time ?? TimeProvider.System;
    private long rounds;
    private long checks;

    public TimeSpan Interval => interval;

    /// <summary>Rounds completed, counted once the wait for the next is set (tests step a fake clock on it).</summary>
    public long Rounds => Interlocked.Read(ref rounds);

    /// <summary>Detection timer runs, counted once the wait for the next is set.</summary>
    public long Checks => Interlocked.Read(ref checks);

    public async Task RunAsync(CancellationToken cancel)
    {
        try
        {
            await Task.WhenAll(RoundsAsync(cancel), TimersAsync(cancel));
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task RoundsAsync(CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            var started = clock.GetUtcNow();
            var targets = table.Targets();
            await sender.RoundAsync([.. targets.Select(t => t.Vtep)], interval * 0.8,
                (i, rtt) => LogFlip(targets[i], table.Record(targets[i], rtt, clock.GetUtcNow())), cancel).ConfigureAwait(false);
            var early = jitter > 0 ? interval * (Random.Shared.NextDouble() * jitter) : TimeSpan.Zero;
            var wait = started + interval - early - clock.GetUtcNow();
            var sleep = wait > TimeSpan.Zero ? Task.Delay(wait, clock, cancel) : Task.CompletedTask;
            Interlocked.Increment(ref rounds);
            await sleep;
        }
    }

    /// <summary>
    /// Sleeps until the earliest detection deadline (at most an interval, so peers added meanwhile are
    /// timed too) and takes down every peer silent since. Deadlines only move later as answers come,
    /// so waking at a stale one costs one scan and finds nothing.
    /// </summary>
    private async Task TimersAsync(CancellationToken cancel)
    {
        var detection = table.Thresholds.DetectionTime(interval);
        while (!cancel.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            foreach (var target in table.Expire(now, detection))
            {
                LogFlip(target, PathHealth.Down);
            }
            var next = table.NextExpiry(detection) is { } at && at - now < interval ? at - now : interval;
            var sleep = Task.Delay(next > TimeSpan.Zero ? next : TimeSpan.FromMilliseconds(1), clock, cancel);
            Interlocked.Increment(ref checks);
            await sleep;
        }
    }

    private void LogFlip(ProbeTarget target, PathHealth? flipped)
    {
        if (flipped == PathHealth.Down)
        {
            LogDown(target.Cluster, target.Node, table.Thresholds.DetectionTime(interval).TotalSeconds);
        }
        else if (flipped is not null)
        {
            LogUp(target.Cluster, target.Node);
        }
    }

    [LoggerMessage(EventId = 470, Level = LogLevel.Warning, Message = "overlay path to {Cluster}/{Node} is down (no answer for {Seconds} s)")]
    private partial void LogDown(string cluster, string node, double seconds);

    [LoggerMessage(EventId = 471, Level = LogLevel.Information, Message = "overlay path to {Cluster}/{Node} is up again")]
    private partial void LogUp(string cluster, string node);
}
