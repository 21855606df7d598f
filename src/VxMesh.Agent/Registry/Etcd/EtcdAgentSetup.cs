using System.Net;
using Microsoft.Extensions.Logging;
using VxMesh.Agent.Discovery;
using VxMesh.Netlink;

namespace VxMesh.Agent.Registry.Etcd;

/// <summary>
/// Wires etcd mode for `vxmesh agent`: the watched inventory source, this node's discovery, its
/// registration and the block watcher. The agent loop consumes <see cref="EtcdAgent.Source"/>
/// like any other <see cref="IInventorySource"/>.
/// </summary>
public static partial class EtcdAgentSetup
{
    /// <summary>
    /// Starts everything and waits (up to <see cref="EtcdAgentOptions.StartupTimeout"/>) for the
    /// first load and the first registration; when etcd is unreachable it returns anyway and keeps
    /// trying in the background (the agent then keeps the kernel as it is until etcd answers).
    /// Throws <see cref="DiscoveryException"/> when the underlay cannot be discovered, and
    /// <see cref="ArgumentException"/> for a malformed URL or prefix.
    /// </summary>
    /// <param name="discoveryClient">Where to discover (tests: a namespace); null opens one in our own namespace when needed.</param>
    public static async Task<EtcdAgent> StartAsync(
        EtcdAgentOptions options, RtnlClient? discoveryClient, ILogger logger, CancellationToken cancel)
    {
        var keys = new RegistryKeys(options.Prefix);
        var etcd = EtcdConnection.Create(options.Url, options.Credentials);
        var needsKernel = options.Ip is null || options.PodCidrs.Count == 0;
        var ownedClient = needsKernel && discoveryClient is null ? RtnlClient.Open() : null;
        var rtnl = discoveryClient ?? ownedClient;
        var source = new EtcdInventorySource(etcd, keys, logger, options.Source);
        var agent = new EtcdAgent(options, etcd, source, ownedClient);
        try
        {
            source.Start();
            if (!await source.WaitForFirstLoadAsync(options.StartupTimeout, cancel))
            {
                LogNoFirstLoad(logger, source.Description, options.StartupTimeout.TotalSeconds);
            }
            var discovery = rtnl is null ? null : new LocalDiscovery(rtnl, options.Discovery);
            var underlay = options.Ip is { } ip
                ? new UnderlayAddress(ip, options.UnderlayDev ?? "")
                : discovery!.DiscoverUnderlay(options.UnderlayDev);
            agent.Underlay = underlay;
            IReadOnlyList<IPNetwork> ClusterPodCidrs() => source.ClusterRecord(options.Cluster)?.PodCidrs ?? [];
            var blocks = options.PodCidrs;
            if (blocks.Count == 0)
            {
                agent.Blocks = new BlockWatcher(discovery!, ClusterPodCidrs, b => agent.Registrar?.UpdatePodCidrs(b), logger,
                    options.BlockWatch, rtnl!.NamespaceName, options.Discovery.FlannelBridge);
                blocks = discovery!.DiscoverPodBlocks(ClusterPodCidrs());
            }
            var spec = new NodeRegistrarSpec(options.Cluster, options.NodeName, underlay.Ip,
                underlay.Device.Length > 0 ? underlay.Device : null, options.VtepIp, options.VtepMac, blocks);
            agent.Registrar = new NodeRegistrar(etcd, keys, spec, logger, options.Registrar);
            agent.Blocks?.Start();
            agent.Registrar.Start();
            agent.Subscribe(ClusterPodCidrs);
            if (!await agent.Registrar.WaitForRegistrationAsync(options.StartupTimeout, cancel))
            {
                LogNotRegistered(logger, agent.Registrar.Key, options.StartupTimeout.TotalSeconds, agent.Registrar.LastError ?? "no answer");
            }
            return agent;
        }
        catch
        {
            await agent.DisposeAsync();
            throw;
        }
    }

    [LoggerMessage(EventId = 440, Level = LogLevel.Warning, Message = "{Source}: no answer within {Seconds} s; continuing, retrying in the background")]
    private static partial void LogNoFirstLoad(ILogger logger, string source, double seconds);

    [LoggerMessage(EventId = 441, Level = LogLevel.Warning, Message = "{Key}: not registered within {Seconds} s ({Error}); continuing, retrying in the background")]
    private static partial void LogNotRegistered(ILogger logger, string key, double seconds, string error);
}
