using System.Net;
using System.Net.NetworkInformation;
using VxMesh.Agent.Discovery;

namespace VxMesh.Agent.Registry.Etcd;

/// <summary>How `vxmesh agent --etcd` joins the mesh (see docs/registry.md).</summary>
/// <param name="Url">etcd client URL(s), comma-separated (http://host:2379).</param>
/// <param name="Prefix">Key prefix (default /vxmesh/).</param>
/// <param name="Cluster">This node's cluster; must be in the registry (`vxmesh registry load`).</param>
/// <param name="NodeName">This node's name (unique across the mesh; the agent's --node).</param>
/// <param name="UnderlayDev">Underlay device; null = the device holding the default route.</param>
/// <param name="PodCidrs">Explicit pod blocks; when non-empty they win and blocks are not discovered.</param>
/// <param name="LeaseTtl">Liveness TTL (default 15 s; see <see cref="NodeRegistrarOptions.LeaseTtl"/> for the trade-off).</param>
public sealed record EtcdAgentOptions(
    string Url,
    string Prefix,
    string Cluster,
    string NodeName,
    string? UnderlayDev,
    IReadOnlyList<IPNetwork> PodCidrs,
    TimeSpan LeaseTtl)
{
    /// <summary>Underlay address; null = discovered (primary address of the underlay device).</summary>
    public IPAddress? Ip { get; init; }

    /// <summary>VTEP address; null = allocated in vtepCidr mode.</summary>
    public IPAddress? VtepIp { get; init; }

    /// <summary>VTEP MAC; null = derived from cluster/node (stable across restarts).</summary>
    public PhysicalAddress? VtepMac { get; init; }

    /// <summary>How long StartAsync waits for the first load and the first registration before going on in the background.</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public DiscoveryOptions Discovery { get; init; } = DiscoveryOptions.Default;

    public BlockWatcherOptions BlockWatch { get; init; } = BlockWatcherOptions.Default;

    public EtcdSourceOptions Source { get; init; } = EtcdSourceOptions.Default;

    /// <summary>TLS trust and client certificate, or user and password (docs/registry.md#authentication).</summary>
    public EtcdCredentials Credentials { get; init; } = EtcdCredentials.None;

    /// <summary>How long the node's blocks and addresses stay reserved after it left (<see cref="NodeRegistrarOptions.ClaimGrace"/>).</summary>
    public TimeSpan ClaimGrace { get; init; } = NodeRegistrarOptions.DefaultClaimGrace;

    public NodeRegistrarOptions Registrar => NodeRegistrarOptions.Default with { LeaseTtl = LeaseTtl, ClaimGrace = ClaimGrace };

    /// <summary>Without the URL's password (a record would print it).</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Url = {EtcdUrls.Redact(Url)}, Prefix = {Prefix}, Cluster = {Cluster}, NodeName = {NodeName}, Credentials = {Credentials}");
        return true;
    }
}
