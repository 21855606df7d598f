using System.CommandLine;
using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;
using VxMesh.Agent.Dataplane;
using VxMesh.Agent.Discovery;
using VxMesh.Agent.Reconcile;
using VxMesh.Agent.Registry.Etcd;
using VxMesh.Agent.Runtime;
using VxMesh.Cli.Common;
using VxMesh.Core.Model;

namespace VxMesh.Cli.Commands;

/// <summary>
/// `vxmesh agent --etcd URL`: the mesh comes from etcd, and the agent registers its own node
/// (discovered underlay address and pod blocks) under a liveness lease. An unreachable etcd
/// never flushes anything: the last good mesh stays applied while the registry reconnects.
/// </summary>
public static class AgentEtcdMode
{
    private static readonly TimeSpan FirstViewWait = TimeSpan.FromSeconds(15);

    public static async Task<int> RunAsync(ParseResult parse, AgentOptionSet o, string url, AgentOptions options, CancellationToken cancel)
    {
        var nodeName = o.RequireNode(parse, kubernetes: false);
        var settings = new EtcdAgentOptions(
            url, parse.GetValue(o.Prefix)!,
            parse.GetValue(o.Cluster) ?? throw new UsageException("--etcd needs --cluster: the cluster this node belongs to"),
            nodeName, parse.GetValue(o.UnderlayDev),
            (parse.GetValue(o.PodCidrs) ?? []).Select(c => ParseOrExplain<IPNetwork>(c, "--pod-cidr", IPNetwork.TryParse)).ToList(),
            TimeSpan.FromSeconds(parse.GetValue(o.LeaseTtl)))
        {
            ClaimGrace = TimeSpan.FromSeconds(parse.GetValue(o.ClaimGrace)),
            Credentials = o.EtcdCredentials.Read(parse),
            Source = EtcdSourceOptions.Default with { Limits = RegistryLimits.Default with { MaxNodeBlocks = parse.GetValue(o.MaxNodeBlocks) } },
            Ip = parse.GetValue(o.Ip) is { } ip ? ParseOrExplain<IPAddress?>(ip, "--ip", IPAddress.TryParse) : null,
            VtepIp = parse.GetValue(o.VtepIp) is { } vtep ? ParseOrExplain<IPAddress?>(vtep, "--vtep-ip", IPAddress.TryParse) : null,
            VtepMac = parse.GetValue(o.VtepMac) is { } mac
                ? Mac.TryParse(mac, out var parsed) && !Mac.IsMulticast(parsed) && !Mac.IsZero(parsed) ? parsed
                    : throw new UsageException($"--vtep-mac '{mac}' is not a unicast MAC (six hex octets like c2:6a:9b:e5:39:8d)")
                : null,
        };

        using var loggers = Logging.Create();
        return await RunAsync(parse, o, settings, options, loggers.CreateLogger("vxmesh.agent"), null, cancel);
    }

    /// <summary>
    /// Etcd mode once its settings are known (from flags, or from the Kubernetes API): start the
    /// registry and registration, then --uninstall, --once, or the loop until stopped (with health
    /// endpoints when asked). <paramref name="started"/> runs once the registration is up (Kubernetes
    /// mode follows its Node from there) and until the loop ends.
    /// </summary>
    public static async Task<int> RunAsync(ParseResult parse, AgentOptionSet o, EtcdAgentOptions settings, AgentOptions options, ILogger logger,
        Func<EtcdAgent, CancellationToken, Task>? started, CancellationToken cancel)
    {
        var nodeName = settings.NodeName;
        using var instance = AgentCommand.HoldNamespace();
        if (instance is null)
        {
            return ExitCodes.Failure;
        }
        using var dataplane = NetlinkDataplane.Open();
        EtcdAgent etcd;
        try
        {
            etcd = await EtcdAgentSetup.StartAsync(settings, null, logger, cancel);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
        catch (DiscoveryException e)
        {
            Console.Error.WriteLine($"vxmesh: {e.Message}");
            return ExitCodes.Failure;
        }
        await using (etcd)
        {
            var agent = new NodeAgent(dataplane, nodeName, logger, retry: options.ItemRetry);
            var inventory = await WaitForOwnNodeAsync(etcd, nodeName, cancel);
            Task? deregistered = null;
            try
            {
                if (parse.GetValue(o.Uninstall))
                {
                    var device = inventory?.Mesh.Device
                        ?? throw new InvalidOperationException($"cannot read the mesh from {etcd.Source.Description} to learn the device name; nothing removed");
                    await etcd.DeregisterAsync(CancellationToken.None);
                    // Leaving for good: what the node held is free for others now, not after the grace period.
                    if (etcd.Registrar is { } registrar)
                    {
                        await registrar.ReleaseAsync(CancellationToken.None);
                    }
                    return AgentReport.Summarize(agent.Uninstall(inventory), nodeName, "uninstall");
                }
                if (parse.GetValue(o.Once))
                {
                    return inventory is null
                        ? Fail($"node {nodeName} did not appear in {etcd.Source.Description} within {FirstViewWait.TotalSeconds:0} s; nothing applied")
                        : AgentReport.Summarize(agent.Reconcile(inventory).Report, nodeName, "reconcile");
                }
                using var feed = dataplane.OpenFeed(inventory?.Mesh.Device ?? MeshSettings.DefaultDevice);
                AgentStartLog.FollowingEtcd(logger, nodeName, settings.Cluster, etcd.Source.Description);
                // Stopping: deregister the moment the signal arrives, so peers drop this node at once
                // instead of after the loop and the netlink feed have wound down.
                using var onStop = cancel.Register(() =>
                {
                    if (!parse.GetValue(o.KeepRegistration))
                    {
                        deregistered = etcd.DeregisterAsync(CancellationToken.None);
                    }
                });
                using var loop = new AgentLoop(etcd.Source, agent, options, logger, feed) { Probes = AgentServing.Table(parse, o) };
                await using var serving = AgentServing.Start(parse, o, loop, options, logger, settings.Cluster, nodeName);
                using var following = CancellationTokenSource.CreateLinkedTokenSource(cancel);
                var companion = started?.Invoke(etcd, following.Token) ?? Task.CompletedTask;
                await loop.RunAsync(cancel);
                // The loop can end while the stop callback is still starting the deregistration on the signal's
                // thread; disposing the registration waits for a running callback, so `deregistered` is settled
                // (reading it too early skipped the wait, and the etcd client was disposed under the call).
                onStop.Dispose();
                await following.CancelAsync();
                await companion.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                if (deregistered is not null)
                {
                    await deregistered;
                }
                return ExitCodes.Ok;
            }
            catch (DeviceConflictException e)
            {
                return Fail(e.Message);
            }
            finally
            {
                // --once leaves the node registered: a one-shot reconcile must not make peers drop it.
                if (deregistered is null && !parse.GetValue(o.KeepRegistration) && !parse.GetValue(o.Uninstall) && !parse.GetValue(o.Once))
                {
                    await etcd.DeregisterAsync(CancellationToken.None);
                }
            }
        }
    }

    /// <summary>The first view that holds this node (its own registration must have landed), or null after a bounded wait.</summary>
    private static async Task<Inventory?> WaitForOwnNodeAsync(EtcdAgent etcd, string node, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < FirstViewWait && !cancel.IsCancellationRequested)
        {
            if (etcd.Source.Read().Inventory is { } inventory && inventory.FindNode(node) is not null)
            {
                return inventory;
            }
            await Task.Delay(50, cancel);
        }
        return null;
    }

    private delegate bool TryParse<T>(string? text, out T value);

    private static T ParseOrExplain<T>(string text, string flag, TryParse<T> parse) =>
        parse(text, out var value) ? value : throw new UsageException($"{flag} '{text}' is not valid");

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"vxmesh: {message}");
        return ExitCodes.Failure;
    }
}
