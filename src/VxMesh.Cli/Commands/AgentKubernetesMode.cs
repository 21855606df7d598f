using System.CommandLine;
using k8s;
using Microsoft.Extensions.Logging;
using VxMesh.Agent.Registry.Etcd;
using VxMesh.Agent.Runtime;
using VxMesh.Cli.Common;
using VxMesh.Kubernetes;
using VxMesh.Kubernetes.Config;
using VxMesh.Kubernetes.NodeSource;

namespace VxMesh.Cli.Commands;

/// <summary>
/// `vxmesh agent --kubernetes`: everything the node agent needs comes from the cluster it runs
/// in — the cluster's identity and the registry's endpoints from the install's ConfigMap, the
/// node's underlay address and pod blocks from its Node (and Calico's BlockAffinities) — so the
/// DaemonSet passes no per-node flag. The node joins the mesh through etcd as in etcd mode, follows
/// its Node with watches (new blocks are re-registered) and writes its VTEP MAC and address into
/// the Node's annotations, as flannel does. An unreachable API server keeps the kernel as it is.
/// </summary>
public static partial class AgentKubernetesMode
{
    public static async Task<int> RunAsync(ParseResult parse, AgentOptionSet o, AgentOptions options, CancellationToken cancel)
    {
        var nodeName = o.RequireNode(parse, kubernetes: true);
        using var loggers = Logging.Create();
        var logger = loggers.CreateLogger("vxmesh.agent");
        IKubernetes client;
        MeshConfig config;
        try
        {
            client = KubeClients.Create(parse.GetValue(o.Kubeconfig));
            config = await ReadConfigAsync(client, logger, cancel);
        }
        catch (MeshConfigException e)
        {
            throw new UsageException(e.Message);
        }
        using var _ = client;
        var cluster = config.Cluster;
        if (parse.GetValue(o.Cluster) is { } flag && flag != cluster.Name)
        {
            throw new UsageException($"--cluster {flag} contradicts {config.Source}, which says this cluster is {cluster.Name}: leave out --cluster");
        }
        var watcher = new NodeWatcher(client, nodeName, cluster.Cni, logger);
        var facts = await watcher.FirstAsync(cancel);
        var settings = new EtcdAgentOptions(parse.GetValue(o.Etcd) ?? config.EtcdEndpoints, parse.GetValue(o.Prefix)!, cluster.Name, nodeName,
            parse.GetValue(o.UnderlayDev), facts.Blocks, TimeSpan.FromSeconds(parse.GetValue(o.LeaseTtl)))
        {
            Ip = facts.Ip,
            ClaimGrace = TimeSpan.FromSeconds(parse.GetValue(o.ClaimGrace)),
            Credentials = o.EtcdCredentials.Read(parse),
            Source = EtcdSourceOptions.Default with { Limits = RegistryLimits.Default with { MaxNodeBlocks = parse.GetValue(o.MaxNodeBlocks) } },
        };
        LogJoining(logger, nodeName, cluster.Name, facts, settings.Url);
        return await AgentEtcdMode.RunAsync(parse, o, settings, options, logger, (etcd, token) => FollowAsync(client, watcher, etcd, logger, token), cancel);
    }

    /// <summary>The ConfigMap, retried while the API server does not answer (a node agent must not crash-loop on an outage).</summary>
    private static async Task<MeshConfig> ReadConfigAsync(IKubernetes client, ILogger logger, CancellationToken cancel)
    {
        var delay = TimeSpan.FromMilliseconds(500);
        while (true)
        {
            try
            {
                return await MeshConfig.ReadAsync(client, Names.PodNamespace(), TimeProvider.System, cancel);
            }
            catch (Exception e) when (!cancel.IsCancellationRequested && (e is HttpRequestException
                                          || (e is k8s.Autorest.HttpOperationException h && (int)h.Response.StatusCode >= 500)))
            {
                LogRetry(logger, e.Message, delay.TotalMilliseconds);
                await Task.Delay(delay, cancel);
                delay = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(10).Ticks, delay.Ticks * 2));
            }
        }
    }

    /// <summary>While the agent runs: new blocks re-register, and the registration is written into the Node's annotations.</summary>
    private static async Task FollowAsync(IKubernetes client, NodeWatcher watcher, EtcdAgent etcd, ILogger logger, CancellationToken cancel)
    {
        watcher.Changed += facts =>
        {
            if (!facts.Ip.Equals(etcd.Options.Ip))
            {
                LogAddressChanged(logger, etcd.NodeName, etcd.Options.Ip?.ToString() ?? "none", facts.Ip.ToString());
            }
            etcd.Registrar?.UpdatePodCidrs(facts.Blocks);
        };
        var watching = watcher.RunAsync(cancel);
        string? written = null;
        while (!cancel.IsCancellationRequested)
        {
            if (etcd.Registrar?.Registered is { } registration)
            {
                var text = string.Join(",", NodeAnnotations.Of(registration).Select(kv => $"{kv.Key}={kv.Value}"));
                if (text != written)
                {
                    try
                    {
                        await NodeAnnotations.WriteAsync(client, etcd.NodeName, registration, cancel);
                        written = text;
                    }
                    catch (Exception e) when (e is HttpRequestException or k8s.Autorest.HttpOperationException && !cancel.IsCancellationRequested)
                    {
                        LogRetry(logger, e.Message, 2000);
                    }
                }
            }
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(2), cancel);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        await watching.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    [LoggerMessage(EventId = 810, Level = LogLevel.Information, Message = "node {Node} of cluster {Cluster} joins the mesh at {Etcd}: {Facts}")]
    private static partial void LogJoining(ILogger logger, string node, string cluster, NodeFacts facts, string etcd);

    [LoggerMessage(EventId = 811, Level = LogLevel.Warning, Message = "the Kubernetes API: {Error}; again in {DelayMs} ms")]
    private static partial void LogRetry(ILogger logger, string error, double delayMs);

    [LoggerMessage(EventId = 812, Level = LogLevel.Warning, Message = "node {Node}: its address moved from {Old} to {New}; restart the agent to re-register under the new address")]
    private static partial void LogAddressChanged(ILogger logger, string node, string old, string @new);
}
