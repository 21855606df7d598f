using System.Net;

namespace VxMesh.Agent.Probing;

/// <summary>A peer to probe: who it is (the labels metrics may carry) and its VTEP address on the overlay.</summary>
public sealed record ProbeTarget(string Cluster, string Node, IPAddress Vtep);

/// <summary>One peer's path as the table holds it.</summary>
public sealed record PeerHealth(ProbeTarget Target, PathState State);

/// <summary>
/// Every peer's path state, keyed by cluster and node: the prober writes, metrics, the health
/// listener and (later) the planner's caller read. Thread-safe, and a snapshot is a copy, so a reader
/// never sees a round half applied. Peers that leave the mesh leave the table (and so the metrics).
/// </summary>
public sealed class PeerHealthTable(ProbeThresholds? thresholds = null)
{
    private readonly Lock gate = new();
    private readonly Dictionary<(string Cluster, string Node), PeerHealth> peers = [];
    private long downVersion;

    public ProbeThresholds Thresholds { get; } = thresholds ?? ProbeThresholds.Default;

    /// <summary>A peer's path went down or came back from down (raised outside the table's lock).</summary>
    public event Action? DownChanged;

    /// <summary>
    /// Changes whenever the set <see cref="Down"/> returns may have changed (a flip, a down peer leaving):
    /// a caller re-reads the set only then — at 10,000 peers reading it costs a walk and a sort.
    /// </summary>
    public long DownVersion => Interlocked.Read(ref downVersion);

    /// <summary>Makes the table hold exactly <paramref name="targets"/>: new peers start unknown, kept ones keep their state.</summary>
    public void SetTargets(IEnumerable<ProbeTarget> targets, DateTimeOffset now)
    {
        lock (gate)
        {
            var wanted = targets.ToDictionary(t => (t.Cluster, t.Node));
            var downGone = false;
            foreach (var key in peers.Keys.Where(k => !wanted.ContainsKey(k)).ToList())
            {
                downGone |= peers[key].State.Health == PathHealth.Down;
                peers.Remove(key);
            }
            foreach (var (key, target) in wanted)
            {
                var reset = peers.TryGetValue(key, out var held) && !held.Target.Vtep.Equals(target.Vtep);
                downGone |= reset && held!.State.Health == PathHealth.Down;
                peers[key] = held is not null
                    ? held with { Target = target, State = reset ? PathState.Initial(now) : held.State }
                    : new PeerHealth(target, PathState.Initial(now));
            }
            if (downGone)
            {
                Interlocked.Increment(ref downVersion);
            }
        }
    }

    public IReadOnlyList<ProbeTarget> Targets()
    {
        lock (gate)
        {
            return [.. peers.Values.Select(p => p.Target)];
        }
    }

    /// <summary>
    /// One probe's result; ignored when the peer left (or its VTEP moved) while the probe was out.
    /// Returns the peer's new health when the probe took it into or out of down, else null.
    /// </summary>
    public PathHealth? Record(ProbeTarget target, TimeSpan? rtt, DateTimeOffset now)
    {
        PathHealth? flipped = null;
        lock (gate)
        {
            if (peers.TryGetValue((target.Cluster, target.Node), out var held) && held.Target.Vtep.Equals(target.Vtep))
            {
                var next = held.State.Next(rtt, now, Thresholds);
                peers[(target.Cluster, target.Node)] = held with { State = next };
                flipped = (held.State.Health == PathHealth.Down) != (next.Health == PathHealth.Down) ? next.Health : null;
            }
        }
        if (flipped is not null)
        {
            Interlocked.Increment(ref downVersion);
            DownChanged?.Invoke();
        }
        return flipped;
    }

    /// <summary>Runs every peer's detection timer: the peers silent for <paramref name="detection"/> go down now; returns them.</summary>
    public IReadOnlyList<ProbeTarget> Expire(DateTimeOffset now, TimeSpan detection)
    {
        var downed = new List<ProbeTarget>();
        lock (gate)
        {
            foreach (var (key, held) in peers.Where(p => p.Value.State.ExpiresAt(detection) <= now).ToList())
            {
                peers[key] = held with { State = held.State.Expire(now, detection) };
                downed.Add(held.Target);
            }
        }
        if (downed.Count > 0)
        {
            Interlocked.Increment(ref downVersion);
            DownChanged?.Invoke();
        }
        return downed;
    }

    /// <summary>The earliest detection deadline among the peers not down yet; null when there is none.</summary>
    public DateTimeOffset? NextExpiry(TimeSpan detection)
    {
        lock (gate)
        {
            return peers.Values.Select(p => p.State.ExpiresAt(detection)).Min();
        }
    }

    /// <summary>Every peer, sorted by cluster then node.</summary>
    public IReadOnlyList<PeerHealth> Snapshot()
    {
        lock (gate)
        {
            return [.. peers.Values.OrderBy(p => p.Target.Cluster, StringComparer.Ordinal).ThenBy(p => p.Target.Node, StringComparer.Ordinal)];
        }
    }

    /// <summary>
    /// The peers whose overlay path is down, as (cluster, node): the input a caller can hand the planner
    /// (e.g. to withdraw them from ECMP groups) without the planner ever seeing a clock or a probe.
    /// </summary>
    public IReadOnlySet<(string Cluster, string Node)> Down()
    {
        lock (gate)
        {
            return peers.Where(p => p.Value.State.Health == PathHealth.Down).Select(p => p.Key).ToHashSet();
        }
    }
}
