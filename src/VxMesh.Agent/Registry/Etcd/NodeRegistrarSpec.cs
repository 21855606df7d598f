using System.Net;
using System.Net.NetworkInformation;
using System.Reflection;

namespace VxMesh.Agent.Registry.Etcd;

/// <summary>What the agent knows about its own node (given on the command line or discovered).</summary>
/// <param name="VtepIp">Given: claimed as is. Null: allocated in vtepCidr mode, none in onlink mode.</param>
/// <param name="VtepMac">Null: derived from cluster/name by the validator, as for a file.</param>
/// <param name="PodCidrs">The blocks known at start; <see cref="NodeRegistrar.UpdatePodCidrs"/> changes them later.</param>
public sealed record NodeRegistrarSpec(
    string Cluster,
    string Name,
    IPAddress Ip,
    string? UnderlayDev,
    IPAddress? VtepIp,
    PhysicalAddress? VtepMac,
    IReadOnlyList<IPNetwork> PodCidrs)
{
    public static string AgentVersion { get; } =
        typeof(NodeRegistrar).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(NodeRegistrar).Assembly.GetName().Version?.ToString() ?? "unknown";
}

/// <param name="LeaseTtl">
/// Liveness TTL (default 15 s). A node whose agent stops renewing disappears from every peer this
/// long after its last renewal. Shorter clears crashed nodes sooner; but an agent restart, a
/// partition or an etcd hiccup longer than the TTL then briefly removes a live node from its peers
/// too (its routes are withdrawn until it re-registers). Keep it at or below 30 s.
/// </param>
/// <param name="RetryMin">First retry delay after etcd failed a call; doubles up to <paramref name="RetryMax"/>.</param>
public sealed record NodeRegistrarOptions(TimeSpan LeaseTtl, TimeSpan RetryMin, TimeSpan RetryMax)
{
    public static readonly TimeSpan DefaultLeaseTtl = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long the node's claim (<see cref="NodeClaim"/>) keeps its blocks and addresses reserved once
    /// the node is gone from the registry: a graceful restart, an upgrade, a reboot. 10 minutes covers a
    /// slow reboot; a node gone for good frees what it held after that, or at once by `--uninstall` or
    /// `vxmesh registry release`.
    /// </summary>
    public static readonly TimeSpan DefaultClaimGrace = TimeSpan.FromMinutes(10);

    public TimeSpan ClaimGrace { get; init; } = DefaultClaimGrace;

    /// <summary>A running node pushes its claim's end out three times per grace, so a crash still leaves at least 2/3 of it.</summary>
    public TimeSpan ClaimRefreshInterval => TimeSpan.FromTicks(ClaimGrace.Ticks / 3);

    /// <summary>etcd refuses (rounds up) TTLs below about 1.5 × its election timeout.</summary>
    public static readonly TimeSpan MinLeaseTtl = TimeSpan.FromSeconds(2);

    public static NodeRegistrarOptions Default { get; } = new(DefaultLeaseTtl, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));

    /// <summary>Renew three times per TTL, so one lost renewal never costs the lease.</summary>
    public TimeSpan KeepAliveInterval => TimeSpan.FromTicks(Math.Max(LeaseTtl.Ticks / 3, TimeSpan.FromMilliseconds(500).Ticks));

    public long TtlSeconds => (long)Math.Ceiling(LeaseTtl.TotalSeconds);
}
