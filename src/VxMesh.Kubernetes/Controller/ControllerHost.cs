using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using k8s.Models;
using Microsoft.Extensions.Logging;
using VxMesh.Agent.Registry.Etcd;
using VxMesh.Core.Model;
using VxMesh.Core.Rendering;
using VxMesh.Kubernetes.Config;
using VxMesh.Kubernetes.Services;

namespace VxMesh.Kubernetes.Controller;

/// <summary>
/// `vxmesh controller`, one per cluster (a Deployment; the replica holding the Lease
/// vxmesh-system/vxmesh-controller does the work, others wait): the only writer into its cluster's
/// API on the mesh's behalf. Level-based — every pass compares the registry (the mesh, as etcd
/// holds it) with the cluster and corrects the difference — and run when the registry changes, when
/// one of its pools changes (a pool deleted by hand comes back at once), and every 30 s.
/// A pass: the other clusters' Calico IPPools (or, in a flannel cluster, ip-masq-agent's exemption
/// list); one RemoteCluster status object per other cluster; Events for problems. Beside the passes,
/// <see cref="ServiceSync"/> exports and imports multi-cluster services on its own 2 s loop.
/// </summary>
public sealed partial class ControllerHost(
    IKubernetes client, MeshConfig config, EtcdConnection etcd, RegistryKeys keys, string ns, string identity, ILogger logger, TimeProvider? time = null)
    : IDisposable
{
    public const string LeaseName = "vxmesh-controller";
    private static readonly TimeSpan Resync = TimeSpan.FromSeconds(30);

    /// <summary>A node of this cluster missing from the mesh this long is reported (its agent may still be starting before).</summary>
    private static readonly TimeSpan RegisterGrace = TimeSpan.FromSeconds(60);

    private readonly TimeProvider clock = time ?? TimeProvider.System;
    private readonly Dictionary<string, DateTimeOffset> missingSince = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim wake = new(0);

    /// <summary>What /healthz and /readyz answer from (see <see cref="ControllerEndpoints"/>).</summary>
    public ControllerHealth Health { get; } = new(identity, time ?? TimeProvider.System);

    /// <summary>What /metrics renders (docs/metrics.md).</summary>
    public ControllerMetrics Metrics { get; } = new();

    public async Task RunAsync(CancellationToken cancel)
    {
        var lease = new LeaseLock(client, ns, LeaseName, identity);
        using var elector = new LeaderElector(new LeaderElectionConfig(lease)
        {
            LeaseDuration = TimeSpan.FromSeconds(15),
            RenewDeadline = TimeSpan.FromSeconds(10),
            RetryPeriod = TimeSpan.FromSeconds(2),
        });
        while (!cancel.IsCancellationRequested)
        {
            using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            Task? work = null;
            void Started()
            {
                LogLeading(identity);
                Health.StartedLeading();
                Metrics.Leading(true);
                work = Task.Run(() => LeadAsync(leading.Token), CancellationToken.None);
            }
            elector.OnStartedLeading += Started;
            elector.OnNewLeader += Health.LeaderIs;
            try
            {
                await elector.RunUntilLeadershipLostAsync(cancel);
            }
            catch (Exception e) when (!cancel.IsCancellationRequested)
            {
                LogRetry("leader election", e.Message);
            }
            finally
            {
                elector.OnStartedLeading -= Started;
                elector.OnNewLeader -= Health.LeaderIs;
            }
            await leading.CancelAsync();
            if (work is not null)
            {
                await work.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                Health.StoppedLeading();
                Metrics.Leading(false);
                LogLost(identity);
            }
            if (!cancel.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), clock, cancel);
            }
        }
    }

    private async Task LeadAsync(CancellationToken cancel)
    {
        await using var source = new EtcdInventorySource(etcd, keys, logger, EtcdSourceOptions.Default, clock);
        var events = new MeshEvents(client, ns, clock);
        source.Changed += Wake;
        source.Start();
        Metrics.RegistryLoads = () => source.FullLoads;
        var watching = config.Cluster.Cni == CniKind.Flannel ? Task.CompletedTask : WatchPoolsAsync(cancel);
        using var services = new ServiceSync(client, config, etcd, keys, ns, logger, clock, Metrics);
        var exporting = Task.Run(() => services.RunAsync(source, cancel), CancellationToken.None);
        try
        {
            while (!cancel.IsCancellationRequested)
            {
                Health.Turned();
                var started = clock.GetTimestamp();
                var outcome = "error";
                try
                {
                    if (await PassAsync(source, events, cancel))
                    {
                        outcome = "ok";
                        Health.Passed(viewUsable: source.Connected);
                    }
                    else
                    {
                        outcome = "no_view";
                    }
                }
                catch (Exception e) when (!cancel.IsCancellationRequested)
                {
                    // As in the service loop: one pass failing must not end the leader's work.
                    LogRetry("reconcile", $"{e.GetType().Name}: {e.Message}");
                }
                Metrics.Pass("pools", outcome, clock.GetElapsedTime(started), clock.GetUtcNow());
                // Bursts of registry events fold into the next pass.
                await wake.WaitAsync(Resync, cancel);
                Health.Turned();
                await Task.Delay(TimeSpan.FromMilliseconds(200), clock, cancel);
                while (wake.CurrentCount > 0)
                {
                    await wake.WaitAsync(cancel);
                }
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
        finally
        {
            source.Changed -= Wake;
            Metrics.RegistryLoads = null;
            await watching.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            await exporting.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
    }

    private void Wake() => wake.Release();

    public void Dispose() => wake.Dispose();

    private async Task WatchPoolsAsync(CancellationToken cancel)
    {
        var pools = new CalicoPools(client);
        while (!cancel.IsCancellationRequested)
        {
            try
            {
                await pools.WatchAsync(Wake, cancel);
            }
            catch (Exception e) when (!cancel.IsCancellationRequested)
            {
                LogRetry("watching IPPools", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), clock, cancel);
            }
        }
    }

    /// <summary>One comparison of the registry with the cluster, and the writes that close the gap; false without a registry view to compare.</summary>
    private async Task<bool> PassAsync(EtcdInventorySource source, MeshEvents events, CancellationToken cancel)
    {
        if (source.Contents() is not { } contents)
        {
            return false;
        }
        var own = config.Cluster;
        var configMap = new V1ObjectReference { Kind = "ConfigMap", ApiVersion = "v1", Name = Names.ConfigMap, NamespaceProperty = ns };
        if (contents.FindCluster(own.Name) is not { } registered)
        {
            await events.WarnAsync(configMap, "NotInRegistry",
                $"cluster {own.Name} has no record in the registry at {source.Description}: the mesh's administrator loads it with `vxmesh registry load`", cancel);
        }
        else if (!registered.PodCidrs.SequenceEqual(own.PodCidrs) || !registered.ServiceCidrs.SequenceEqual(own.ServiceCidrs) || registered.Cni != own.Cni)
        {
            await events.WarnAsync(configMap, "RegistryDiffers",
                $"the registry's record of cluster {own.Name} ({registered.Cni}, pods {string.Join(",", registered.PodCidrs)}, services {string.Join(",", registered.ServiceCidrs)}) " +
                $"differs from {config.Source}: the registry's is in effect", cancel);
        }
        var clusters = contents.Clusters.Select(c => (c.Name, c.PodCidrs, c.ServiceCidrs)).ToList();
        var changes = own.Cni == CniKind.Flannel ? null : await PoolsAsync(RemotePools.For(clusters, own.Name), events, cancel);
        if (own.Cni == CniKind.Flannel && !await new MasqueradeExemption(client).ApplyAsync(own.PodCidrs.Concat(RemotePools.Exempt(clusters, own.Name)), cancel))
        {
            await events.WarnAsync(new V1ObjectReference { Kind = "ConfigMap", ApiVersion = "v1", Name = MasqueradeExemption.Name, NamespaceProperty = MasqueradeExemption.Namespace },
                "NotOurs", $"{MasqueradeExemption.Namespace}/{MasqueradeExemption.Name} exists without VxMesh's label: add the other clusters' CIDRs to its nonMasqueradeCIDRs by hand", cancel);
        }
        Metrics.Observed(source.Connected, await StatusAsync(contents, source.Assembled(), cancel));
        await ProblemsAsync(source, configMap, events, cancel);
        Metrics.Problems("pools", events.EndPass());
        if (changes is { None: false })
        {
            LogPools(changes.Create.Count, changes.Update.Count, changes.Delete.Count);
            Metrics.Wrote("IPPool", "apply", changes.Create.Count + changes.Update.Count);
            Metrics.Wrote("IPPool", "delete", changes.Delete.Count);
        }
        return true;
    }

    private async Task<PoolChanges> PoolsAsync(IReadOnlyList<RemotePool> desired, MeshEvents events, CancellationToken cancel)
    {
        var pools = new CalicoPools(client);
        var changes = PoolPlan.Diff(desired, await pools.ListAsync(cancel));
        foreach (var pool in changes.Create)
        {
            await pools.CreateAsync(pool, cancel);
        }
        foreach (var pool in changes.Update)
        {
            await pools.UpdateAsync(pool, cancel);
        }
        foreach (var name in changes.Delete)
        {
            await pools.DeleteAsync(name, cancel);
        }
        foreach (var name in changes.Conflicts)
        {
            await events.WarnAsync(new V1ObjectReference { Kind = "IPPool", ApiVersion = $"{Names.CalicoGroup}/{Names.CalicoVersion}", Name = name, NamespaceProperty = "default" },
                "PoolConflict", $"IPPool {name} exists without VxMesh's label: VxMesh leaves it alone, so traffic to that range follows that pool's settings", cancel);
        }
        return changes;
    }

    /// <summary>One RemoteCluster object per other cluster; returns each one's nodes in the mesh.</summary>
    private async Task<IReadOnlyDictionary<string, int>> StatusAsync(RegistryContents contents, AssembledInventory? assembled, CancellationToken cancel)
    {
        var status = new RemoteClusterStatus(client);
        var excluded = (assembled?.Excluded ?? []).Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        var remote = contents.Clusters.Where(c => c.Name != config.Cluster.Name).ToList();
        var now = clock.GetUtcNow();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var cluster in remote)
        {
            var nodes = contents.Nodes.Where(n => n.Registration.Cluster == cluster.Name && !excluded.Contains(keys.Node(cluster.Name, n.Registration.Name)))
                .Select(n => n.Registration).ToList();
            counts[cluster.Name] = nodes.Count;
            await status.ApplyAsync(RemoteClusterStatus.Body(cluster, nodes, now), cancel);
        }
        foreach (var gone in (await status.ListOursAsync(cancel)).Except(remote.Select(c => c.Name)))
        {
            await status.DeleteAsync(gone, cancel);
            Metrics.Wrote("RemoteCluster", "delete");
        }
        return counts;
    }

    /// <summary>Registry problems on the ConfigMap; this cluster's nodes left out of the mesh, or not in it after the grace period, on their Node.</summary>
    private async Task ProblemsAsync(EtcdInventorySource source, V1ObjectReference configMap, MeshEvents events, CancellationToken cancel)
    {
        var assembled = source.Assembled();
        foreach (var problem in (assembled?.Problems ?? []).Take(20))
        {
            await events.WarnAsync(configMap, "MeshProblem", problem, cancel);
        }
        var own = config.Cluster.Name;
        foreach (var excluded in (assembled?.Excluded ?? []).Where(e => e.Cluster == own))
        {
            await events.WarnAsync(NodeReference(excluded.Name), "NotInMesh", $"node {excluded.Name} is left out of the mesh: {excluded.Reason}", cancel);
        }
        var registered = (source.Contents()?.Nodes ?? []).Where(n => n.Registration.Cluster == own).Select(n => n.Registration.Name).ToHashSet(StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        foreach (var node in (await client.CoreV1.ListNodeAsync(cancellationToken: cancel)).Items.Select(n => n.Metadata.Name))
        {
            if (registered.Contains(node))
            {
                missingSince.Remove(node);
                continue;
            }
            var since = missingSince.TryGetValue(node, out var s) ? s : missingSince[node] = now;
            if (now - since >= RegisterGrace)
            {
                await events.WarnAsync(NodeReference(node), "NotRegistered",
                    $"node {node} has not registered in the mesh for {(now - since).TotalSeconds:0} s: is the vxmesh-agent pod running on it (kubectl -n {ns} get pods -o wide)?", cancel);
            }
        }
    }

    private static V1ObjectReference NodeReference(string node) => new() { Kind = "Node", ApiVersion = "v1", Name = node, Uid = node, NamespaceProperty = "default" };

    [LoggerMessage(EventId = 820, Level = LogLevel.Information, Message = "{Identity} leads: reconciling")]
    private partial void LogLeading(string identity);

    [LoggerMessage(EventId = 821, Level = LogLevel.Warning, Message = "{Identity} lost the lease: stopped")]
    private partial void LogLost(string identity);

    [LoggerMessage(EventId = 822, Level = LogLevel.Warning, Message = "{What}: {Error}; again shortly")]
    private partial void LogRetry(string what, string error);

    [LoggerMessage(EventId = 823, Level = LogLevel.Information, Message = "IPPools: {Created} created, {Updated} corrected, {Deleted} deleted")]
    private partial void LogPools(int created, int updated, int deleted);
}
