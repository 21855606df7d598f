using System.Net;
using VxMesh.Core.Model;
using VxMesh.Core.Security;
using VxMesh.Lab.Registry;
using VxMesh.Lab.Topology;

namespace VxMesh.Lab.Runtime;

/// <summary>A lab as it is now: what its state file says, checked against live processes and namespaces.</summary>
public sealed record LabStatusReport(
    string Lab,
    string State,
    string? Source,
    DateTimeOffset? Created,
    bool? Ippools,
    IReadOnlyList<ClusterStatus> Clusters,
    IReadOnlyList<NodeStatus> Nodes,
    IReadOnlyList<PodStatus> Pods,
    IReadOnlyList<string> Namespaces,
    RegistryStatus? Registry = null,
    Kubernetes.KubernetesStatusReport? Kubernetes = null);

/// <summary>Where the lab's agents get the mesh from.</summary>
/// <param name="Mode">file (the lab's inventory.yaml) or etcd (the lab's own etcd; agents register themselves).</param>
/// <param name="Etcd">running or stopped (etcd mode only).</param>
/// <param name="Endpoints">etcd's client URLs (reachable from the lab's namespaces only).</param>
/// <param name="Auth">certificates: TLS from the lab CA, client certificates, etcd auth on; null without.</param>
/// <param name="Ca">The lab CA's certificate: what clients trust etcd's certificate by.</param>
/// <param name="Admin">vxmesh-admin's certificate and key (may write the whole registry: `registry load`, `status`).</param>
/// <param name="Clusters">Each cluster's agents' certificate and key (may write only that cluster's node keys).</param>
public sealed record RegistryStatus(string Mode, string? Url, string? Etcd, int? EtcdPid, int? LeaseTtlSeconds,
    IReadOnlyList<string>? Endpoints = null, string? Auth = null, string? Ca = null,
    RegistryCredential? Admin = null, IReadOnlyList<RegistryCredential>? Clusters = null);

/// <summary>One etcd user's client certificate and key files.</summary>
/// <param name="Cluster">The cluster whose agents use it; null for the admin.</param>
public sealed record RegistryCredential(string User, string? Cluster, string Certificate, string Key);

public sealed record ClusterStatus(string Name, CniKind Cni, int Nodes, int Pods);

/// <param name="Agent">running or dead.</param>
public sealed record NodeStatus(string Name, string Cluster, IPAddress Ip, string Segment, IPAddress VxlanAddress, string Agent, int? AgentPid);

/// <param name="Nginx">running or dead.</param>
public sealed record PodStatus(string Name, string Node, string Cluster, IPAddress Ip, string Nginx, int? NginxPid);

public static class LabStatus
{
    /// <summary>
    /// State: up (every agent and nginx runs, and etcd in an etcd lab), degraded (some do not),
    /// leftover (namespaces without state), absent.
    /// </summary>
    /// <summary><see cref="Read"/>, plus a Kubernetes lab's control planes and Node readiness (asked of each API server).</summary>
    public static async Task<LabStatusReport> ReadAsync(string lab, CancellationToken cancel)
    {
        var report = Read(lab);
        if (LabState.Load(LabPaths.For(lab)) is not { Kubernetes: { } k8s } state)
        {
            return report;
        }
        var kubernetes = await Kubernetes.KubernetesStatusReport.ReadAsync(state, k8s, cancel);
        return report with
        {
            Kubernetes = kubernetes,
            State = report.State == "up" && !kubernetes.Healthy ? "degraded" : report.State,
        };
    }

    public static LabStatusReport Read(string lab)
    {
        var paths = LabPaths.For(lab);
        var namespaces = Netns.WithPrefix(LabName.Prefix(lab));
        var state = LabState.Load(paths);
        if (state is null)
        {
            return new LabStatusReport(lab, namespaces.Count > 0 || Directory.Exists(paths.Directory) ? "leftover" : "absent",
                null, null, null, [], [], [], namespaces);
        }
        // Installed into Kubernetes, the agents are the DaemonSet's pods: the API says whether they run (kubectl).
        var installed = state.Kubernetes?.Installed == true;
        var nodes = state.Nodes.Select(n =>
        {
            var pid = installed ? null : AgentLauncher.RunningPid(paths, n.Name);
            return new NodeStatus(n.Name, n.Cluster, n.Ip, n.Segment, n.VxlanAddress, installed ? "daemonset" : pid is null ? "dead" : "running", pid);
        }).ToList();
        var pods = state.Pods.Select(p =>
        {
            var pid = ProcInfo.ReadPidFile(paths.NginxPid(p.Name)) is { } n && ProcInfo.IsAlive(n) ? n : (int?)null;
            return new PodStatus(p.Name, p.Node, p.Cluster, p.Ip, pid is null ? "dead" : "running", pid);
        }).ToList();
        var clusters = state.Nodes.GroupBy(n => n.Cluster)
            .Select(g => new ClusterStatus(g.Key, g.First().Cni, g.Count(), state.Pods.Count(p => p.Cluster == g.Key))).ToList();
        var registry = RegistryOf(state, paths);
        var healthy = (installed || nodes.All(n => n.AgentPid is not null)) && pods.All(p => p.NginxPid is not null)
                      && state.Nodes.All(n => namespaces.Contains(n.Namespace)) && registry.Etcd is null or "running";
        return new LabStatusReport(lab, healthy ? "up" : "degraded", state.Source, state.Created, state.Ippools,
            clusters, nodes, pods, namespaces, registry);
    }

    private static RegistryStatus RegistryOf(LabState state, LabPaths paths)
    {
        if (state.Registry is not { } registry)
        {
            return new RegistryStatus("file", null, null, null, null);
        }
        var pid = EtcdServer.RunningPid(LabRegistryState.Files(paths));
        var running = pid is null ? "stopped" : "running";
        if (registry.Pki(paths) is not { } pki)
        {
            return new RegistryStatus("etcd", registry.ClientUrl, running, pid, registry.LeaseTtlSeconds, [registry.ClientUrl]);
        }
        RegistryCredential Credential(string user, string? cluster) => new(user, cluster, pki.Cert(user), pki.Key(user));
        var clusters = state.Nodes.Select(n => n.Cluster).Distinct().Order(StringComparer.Ordinal)
            .Select(c => Credential(RegistryUserNames.Cluster(c), c)).ToList();
        return new RegistryStatus("etcd", registry.ClientUrl, running, pid, registry.LeaseTtlSeconds, [registry.ClientUrl],
            "certificates", pki.CaCert, Credential(RegistryUserNames.Admin, null), clusters);
    }
}
