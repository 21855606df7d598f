namespace VxMesh.Agent.Probing;

/// <summary>What the probes say about the overlay path to one peer.</summary>
public enum PathHealth
{
    /// <summary>Not enough answers or misses yet to say (a new peer, a new agent).</summary>
    Unknown,

    Up,

    /// <summary>Up, but the last probe went unanswered: one loss is not an outage (hysteresis).</summary>
    Degraded,

    /// <summary>No answer for N intervals (BFD's detection time): the path is dead until M answers in a row.</summary>
    Down,
}

/// <param name="DownAfter">
/// BFD's detect multiplier (default 3): a path is down once no answer has come for this many intervals,
/// or this many probes in a row went unanswered, whichever is first.
/// </param>
/// <param name="UpAfter">Answers in a row that bring a down (or unknown) path up (default 2).</param>
public sealed record ProbeThresholds(int DownAfter = 3, int UpAfter = 2)
{
    public static ProbeThresholds Default { get; } = new();

    /// <summary>How long a path may stay silent before it is down: the multiplier times the probe interval.</summary>
    public TimeSpan DetectionTime(TimeSpan interval) => interval * DownAfter;
}

/// <summary>
/// One peer's path state and its counters: a pure state machine, the clock passed in. Hysteresis both
/// ways so a loaded path does not flap: up → degraded on one miss, degraded → down only after
/// <see cref="ProbeThresholds.DownAfter"/> misses in a row or that many intervals without an answer
/// (<see cref="Expire"/>; any answer in between brings it back up), and down (or unknown) → up only
/// after <see cref="ProbeThresholds.UpAfter"/> answers in a row.
/// </summary>
/// <param name="Since">When <paramref name="Health"/> last changed (or the peer was first seen).</param>
/// <param name="Rtt">The round trip of the last answer; null before any.</param>
/// <param name="Heard">When the last answer came (or the peer was first seen): the detection timer's start.</param>
public sealed record PathState(PathHealth Health, int Misses, int Answers, DateTimeOffset Since, TimeSpan? Rtt, long Sent, long Lost, DateTimeOffset Heard)
{
    public static PathState Initial(DateTimeOffset now) => new(PathHealth.Unknown, 0, 0, now, null, 0, 0, now);

    /// <summary>When this path goes down unless an answer comes first; null when it is down already.</summary>
    public DateTimeOffset? ExpiresAt(TimeSpan detection) => Health == PathHealth.Down ? null : Heard + detection;

    /// <summary>
    /// The detection timer (BFD's): a path silent for <paramref name="detection"/> is down now, without
    /// waiting for the probe in flight to time out. That bounds detection by N intervals from the last
    /// answer instead of N full probe timeouts after the first probe the break swallowed (up to N + 1).
    /// </summary>
    public PathState Expire(DateTimeOffset now, TimeSpan detection) =>
        ExpiresAt(detection) is { } at && now >= at ? Moved(PathHealth.Down, now) : this;

    /// <param name="rtt">The probe's round trip; null when it went unanswered.</param>
    public PathState Next(TimeSpan? rtt, DateTimeOffset now, ProbeThresholds thresholds)
    {
        if (rtt is { } answered)
        {
            var answers = Answers + 1;
            var health = Health switch
            {
                PathHealth.Up or PathHealth.Degraded => PathHealth.Up,
                _ when answers >= thresholds.UpAfter => PathHealth.Up,
                var same => same,
            };
            return Moved(health, now) with { Misses = 0, Answers = answers, Rtt = answered, Sent = Sent + 1, Heard = now };
        }
        var misses = Misses + 1;
        var next = misses >= thresholds.DownAfter ? PathHealth.Down
            : Health == PathHealth.Up ? PathHealth.Degraded
            : Health;
        return Moved(next, now) with { Misses = misses, Answers = 0, Sent = Sent + 1, Lost = Lost + 1 };
    }

    private PathState Moved(PathHealth health, DateTimeOffset now) =>
        health == Health ? this : this with { Health = health, Since = now };
}
