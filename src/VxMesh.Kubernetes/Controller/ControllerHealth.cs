namespace VxMesh.Kubernetes.Controller;

/// <summary>
/// What the controller's /healthz and /readyz answer from. Every replica runs the leader election; only
/// the lease holder works, so the answers depend on the role:
/// <list type="bullet">
/// <item>live: a standby is live while it runs (the election library retries the lease on its own); the leader
/// is live while its pass loop turns (a pass at least every 30 s: a wedged leader gets restarted and the lease moves);</item>
/// <item>ready: another replica is known to lead (this one stands by to take over), or this replica leads and its first pass of this term has run to its end and the
/// registry was reachable within the freshness window. One replica at start: not ready until it leads and has passed once,
/// so `kubectl rollout status` waits for the mesh's pools to be in the API.</item>
/// </list>
/// Thread-safe: the election and the pass loop write, the listener reads.
/// </summary>
public sealed class ControllerHealth(string identity, TimeProvider time)
{
    private readonly Lock gate = new();
    private string? leader;
    private bool leading;
    private DateTimeOffset? lastTurn;
    private DateTimeOffset? converged;
    private DateTimeOffset? lastView;

    public DateTimeOffset Now => time.GetUtcNow();

    public bool Leading { get { lock (gate) { return leading; } } }

    public string? Leader { get { lock (gate) { return leader; } } }

    public DateTimeOffset? LastTurn { get { lock (gate) { return lastTurn; } } }

    /// <summary>When this replica's first pass of its current term ended; null while standing by.</summary>
    public DateTimeOffset? Converged { get { lock (gate) { return converged; } } }

    /// <summary>When a pass last found the registry connected and its view loaded.</summary>
    public DateTimeOffset? LastView { get { lock (gate) { return lastView; } } }

    /// <summary>The election saw <paramref name="identity"/> take the lease (this replica or another).</summary>
    public void LeaderIs(string identity)
    {
        lock (gate)
        {
            leader = identity;
        }
    }

    /// <summary>This replica took the lease: a new term, converged again only after its first pass.</summary>
    public void StartedLeading()
    {
        lock (gate)
        {
            leading = true;
            converged = null;
            lastTurn = time.GetUtcNow();
        }
    }

    public void StoppedLeading()
    {
        lock (gate)
        {
            leading = false;
            converged = null;
        }
    }

    /// <summary>The pass loop woke (before a pass and after its wait).</summary>
    public void Turned()
    {
        lock (gate)
        {
            lastTurn = time.GetUtcNow();
        }
    }

    /// <summary>A pass ran to its end; <paramref name="viewUsable"/> when the registry was connected and loaded.</summary>
    public void Passed(bool viewUsable)
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            converged ??= now;
            if (viewUsable)
            {
                lastView = now;
            }
        }
    }

    public bool Live(TimeSpan within)
    {
        lock (gate)
        {
            return !leading || (lastTurn is { } t && time.GetUtcNow() - t <= within);
        }
    }

    public bool Ready(TimeSpan fresh)
    {
        lock (gate)
        {
            return leading
                ? converged is not null && lastView is { } v && time.GetUtcNow() - v <= fresh
                : leader is not null && leader != identity;
        }
    }
}
