namespace VxMesh.Lab.Registry;

/// <summary>
/// `lab up --registry etcd`: the lab runs its own etcd and every agent registers itself.
/// </summary>
/// <param name="LeaseTtlSeconds">
/// The agents' --lease-ttl. The lab's default, 10 s, is shorter than the agent's 15 s so a
/// `lab node crash` clears in seconds, yet safely above what an etcd outage needs: a restarted
/// etcd gives every lease a fresh TTL, and an agent's registrar retries at most 5 s apart
/// (its backoff cap), so with 10 s every live node renews before its lease could run out —
/// `lab etcd stop` of any length drops no live node. Much below ~7 s that stops being true.
/// </param>
public sealed record EtcdLabOptions(int LeaseTtlSeconds)
{
    public const int DefaultLeaseTtlSeconds = 10;

    /// <summary>etcd rounds shorter TTLs up (its minimum is about 1.5 election timeouts); the agent refuses them.</summary>
    public const int MinLeaseTtlSeconds = 2;

    public const int MaxLeaseTtlSeconds = 3600;

    public static EtcdLabOptions Default { get; } = new(DefaultLeaseTtlSeconds);
}
