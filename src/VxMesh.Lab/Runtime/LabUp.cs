using System.Diagnostics;
using VxMesh.Lab.Kubernetes;
using VxMesh.Lab.Registry;
using VxMesh.Lab.Scripts;
using VxMesh.Lab.Topology;

namespace VxMesh.Lab.Runtime;

/// <summary>
/// Brings a lab up: namespaces, fabric, nodes, agents, pods, nginx, then waits until every
/// route is in every kernel and every nginx answers. Agents start as soon as their node is
/// wired, so their start-up (the slowest part: a .NET process each) overlaps the pod wiring.
/// In an etcd lab, etcd starts right after the fabric (its start-up overlaps the node wiring)
/// and the mesh settings are loaded before any agent starts, so agents register at once
/// instead of backing off. Any failure or cancellation (Ctrl-C) tears down whatever was built
/// before rethrowing.
/// </summary>
public sealed class LabUp(AgentProgram agent, ILabLog log)
{
    public TimeSpan ReadyTimeout { get; init; } = Timeouts.Ready;

    /// <summary>Null: file mode (agents read the lab's inventory). Set: etcd mode.</summary>
    public EtcdLabOptions? Etcd { get; init; }

    /// <summary>Real control planes per cluster, kube-proxy and the lab's node agent on every node (`--kubernetes`, or `kubernetes: true` in the topology).</summary>
    public bool Kubernetes { get; init; }

    /// <summary>VxMesh installed into every cluster from deploy/ with kubectl (its DaemonSet and controller), instead of the lab's own agents. Needs <see cref="Kubernetes"/> and <see cref="Etcd"/>.</summary>
    public bool Install { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public async Task<LabState> RunAsync(LabTopology topology, CancellationToken cancel)
    {
        using var hold = ExitGuard.Hold();
        var paths = LabPaths.For(topology.Name);
        RefuseIfPresent(topology.Name, paths);
        if (Etcd is not null && topology.Inventory.FindNode(EtcdLayout.Member) is not null)
        {
            throw new LabInputException($"a node is named '{EtcdLayout.Member}', which is the etcd namespace of an etcd lab: rename it");
        }
        var kubernetes = Kubernetes || topology.Settings.Kubernetes || Install;
        if (Install && Etcd is null)
        {
            throw new LabInputException("installing VxMesh into the clusters needs the lab's etcd registry: add --registry etcd");
        }
        foreach (var reserved in new[] { ControlPlaneLayout.Member, ClientLayout.Member }.Where(_ => kubernetes))
        {
            if (topology.Inventory.FindNode(reserved) is not null)
            {
                throw new LabInputException($"a node is named '{reserved}', which is a namespace of a Kubernetes lab: rename it");
            }
        }
        var plan = BuildPlan.Create(topology, withEtcd: Etcd is not null, withKubernetes: kubernetes);
        var layout = plan.Layout;
        // Before the clock: a first run builds Kubernetes (minutes, once per machine), which is not the lab's start-up.
        var binaries = kubernetes ? await KubernetesBinaries.EnsureAsync(log, cancel) : null;
        var kube = plan.Kubernetes is { } k8s ? new KubernetesLab(binaries!, new KubernetesPaths(paths), k8s, Time) : null;
        using var controlPlaneCancel = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        Task? controlPlanes = null;
        var clock = Stopwatch.StartNew();
        log.Step($"lab {topology.Name}: {layout.Segments.Count} segments, {topology.Inventory.Clusters.Count} clusters, " +
                 $"{layout.Nodes.Count} nodes, {layout.Pods.Count} pods ({plan.Namespaces.Count} namespaces)" +
                 (plan.Etcd is { } where ? $", etcd at {where.ClientUrl}, lease TTL {Etcd!.LeaseTtlSeconds} s" : "") +
                 (plan.Kubernetes is { } cp ? $", Kubernetes {KubernetesBinaries.Version} control planes at {string.Join(", ", cp.Clusters.Select(c => c.Address))}" : ""));
        try
        {
            Directory.CreateDirectory(paths.Directory);
            await File.WriteAllTextAsync(paths.Inventory, topology.InventoryText, cancel);
            var registry = plan.Etcd is { } etcd ? LabRegistryState.Of(etcd, Etcd!.LeaseTtlSeconds) : null;
            var state = LabState.From(topology, layout, paths, DateTimeOffset.UtcNow, registry) with
            {
                Kubernetes = plan.Kubernetes is { } cpl ? LabKubernetesState.Of(cpl, new KubernetesPaths(paths), binaries!) with { Installed = Install } : null,
            };
            state.Save(paths);

            await Netns.CreateAsync(plan.Namespaces, cancel);
            await ScriptRunner.ApplyAsync(plan.Fabric, cancel);
            await ScriptRunner.ApplyAllAsync(plan.Services, cancel);
            var pki = registry?.Pki(paths);
            if (registry is not null)
            {
                pki?.Create(registry.Address, topology.Name);
                EtcdServer.Start(registry.Namespace, registry.ClientUrl, LabRegistryState.Files(paths), pki);
            }
            if (kube is not null)
            {
                kube.WriteCredentials(layout);
                kube.WriteTools(agent);
                // Installed, the remote clusters' IPPools are the controller's to write, not the lab's.
                controlPlanes = kube.StartControlPlanesAsync(topology.Inventory, layout.Ippools && !Install, controlPlaneCancel.Token);
            }
            await ScriptRunner.ApplyAllAsync(plan.Nodes, cancel);
            Step("underlay and nodes wired", clock);
            // The node agents and kube-proxies start while the API servers do: their (.NET) start-up
            // overlaps the control planes', and both retry until their API server answers.
            kube?.StartNodes(layout.Nodes, agent);
            if (registry is not null)
            {
                await EtcdServer.WaitHealthyAsync(registry.Namespace, registry.ClientUrl, LabRegistryState.Files(paths), cancel, pki);
                await RegistryLoad.RunAsync(agent, registry.Namespace, paths.Inventory, registry.ClientUrl, pki, cancel);
                Step("etcd up, mesh loaded, auth on", clock);
            }
            if (kube is not null)
            {
                await controlPlanes!;
                Step($"{plan.Kubernetes!.Clusters.Count} control planes up", clock);
            }
            if (Install)
            {
                var install = new MeshInstall(kube!.Kubectl, MeshInstall.FindManifests());
                await Task.WhenAll(plan.Kubernetes!.Clusters.Select(c => install.InstallAsync(topology.Inventory, c.Name, registry!, pki!, cancel)));
                Step("VxMesh installed with kubectl apply", clock);
            }
            else
            {
                AgentLauncher.StartAll(state.Nodes.Select(n => new AgentLauncher.Target(n.Name, n.Cluster, n.Namespace)),
                    paths, agent, AgentArguments.Of(state));
                Step($"{layout.Nodes.Count} agents started", clock);
            }
            await ScriptRunner.ApplyAllAsync(plan.Pods, cancel);
            await NginxLauncher.StartAllAsync(layout.Pods, paths, cancel);
            Step($"{layout.Pods.Count} pods wired, nginx started", clock);
            // Installed, the agents first wait for the scheduler, the node agents and their .NET start-up.
            await Readiness.WaitAsync(topology.Inventory, layout, paths, Install ? ReadyTimeout * 3 : ReadyTimeout, cancel);
            Step("routes programmed, nginx answers", clock);
            if (kube is not null)
            {
                await kube.WaitNodesReadyAsync(layout.Nodes, cancel);
                Step("every Node Ready", clock);
                log.Step("  " + (await LabFootprint.MeasureAsync(paths, cancel)).Describe());
            }
            if (registry is not null)
            {
                state = await MeshAddress.RefreshAsync(state, topology.Inventory.Mesh.Device, cancel);
                state.Save(paths);
            }
            log.Step($"lab {topology.Name} is up in {clock.Elapsed.TotalSeconds:0.0} s");
            return state;
        }
        catch (Exception e)
        {
            // A control plane still starting must not start processes while the lab is torn down.
            await controlPlaneCancel.CancelAsync();
            if (controlPlanes is not null)
            {
                await controlPlanes.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            }
            log.Step(e is OperationCanceledException
                ? $"lab {topology.Name}: interrupted, tearing down"
                : $"lab {topology.Name}: failed, tearing down");
            await LabDown.RunAsync(topology.Name, new SilentLabLog(), CancellationToken.None);
            throw;
        }
    }

    private static void RefuseIfPresent(string lab, LabPaths paths)
    {
        var left = Netns.WithPrefix(LabName.Prefix(lab));
        if (left.Count > 0 || Directory.Exists(paths.Directory))
        {
            throw new LabException(
                $"lab {lab} already exists ({left.Count} namespaces, {paths.Directory}): run `vxmesh lab down --name {lab}` first, or choose another --name");
        }
    }

    private void Step(string what, Stopwatch clock) => log.Step($"  {what,-34}{clock.Elapsed.TotalMilliseconds,6:0} ms");
}
