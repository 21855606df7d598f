using System.Globalization;
using VxMesh.Core.Security;
using VxMesh.Lab.Registry;

namespace VxMesh.Lab.Runtime;

/// <summary>
/// What a lab agent is told on its command line. File mode: the lab's inventory and the node's
/// name. Etcd mode: only where etcd is, the node's cluster and name and the lease TTL — the agent
/// discovers its underlay address and pod blocks from its node's kernel and registers itself,
/// which is the point of the mode. With TLS, each agent gets its own cluster's certificate and
/// nothing else: it can write only its cluster's node keys. Derived from the lab's state, so `lab
/// agent start` restarts an agent with exactly the arguments `lab up` gave it.
/// </summary>
public sealed record AgentArguments(string? EtcdUrl, int LeaseTtlSeconds, bool Tls = false)
{
    public static AgentArguments FileMode { get; } = new(null, 0);

    public static AgentArguments Of(LabState state) =>
        state.Registry is { } registry ? new(registry.ClientUrl, registry.LeaseTtlSeconds, registry.Tls) : FileMode;

    public IReadOnlyList<string> For(LabPaths paths, string cluster, string node) =>
        EtcdUrl is null
            ? ["agent", "-f", paths.Inventory, "--node", node]
            : ["agent", "--etcd", EtcdUrl, "--cluster", cluster, "--node", node,
               "--lease-ttl", LeaseTtlSeconds.ToString(CultureInfo.InvariantCulture),
               .. Tls ? new LabPki(paths.Pki).ClientFlags(RegistryUserNames.Cluster(cluster)) : []];
}
