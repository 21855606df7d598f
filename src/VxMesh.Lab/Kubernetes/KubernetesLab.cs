using System.Diagnostics;
using System.Reflection;
using System.Text;
using VxMesh.Core.Model;
using VxMesh.Core.Rendering;
using VxMesh.Lab.Layout;
using VxMesh.Lab.Runtime;

namespace VxMesh.Lab.Kubernetes;

/// <summary>
/// The Kubernetes part of `lab up --kubernetes`, in the order LabUp calls it: credentials (before
/// anything starts), the control planes (started right after the fabric, so their start-up
/// overlaps the node wiring), the cluster add-ons a CNI would bring (Calico's CRDs, the cluster's
/// own IPPool and, with `ippools: true`, the remote clusters' pools seeds/000 applies by hand),
/// then kube-proxy and the node agent on every node, and a bounded wait until every Node is Ready.
/// </summary>
public sealed class KubernetesLab(KubernetesBinaries binaries, KubernetesPaths paths, ControlPlaneLayout layout, TimeProvider time)
{
    public static readonly TimeSpan NodesReadyWithin = TimeSpan.FromSeconds(60);

    public ControlPlane ControlPlane { get; } = new(binaries, paths, layout);

    public Kubectl Kubectl => ControlPlane.Kubectl;

    public void WriteCredentials(LabLayout lab)
    {
        foreach (var cluster in layout.Clusters)
        {
            ClusterCredentials.Write(paths, cluster, time);
        }
        foreach (var node in lab.Nodes)
        {
            NodeComponents.Prepare(paths, layout.Cluster(node.Cluster), node, lab.PodsOf(node.Name), calicoPools: true, time);
        }
    }

    /// <summary>`vxmesh` for containers of the catalog's vxmesh image: this checkout's build.</summary>
    public void WriteTools(AgentProgram program)
    {
        Directory.CreateDirectory(paths.Tools);
        var script = Path.Combine(paths.Tools, "vxmesh");
        File.WriteAllText(script, $"#!/bin/sh\nexec '{program.Host}' '{program.Dll}' \"$@\"\n");
        UnixFiles.SetMode(script, UnixFiles.Executable);
    }

    /// <summary>etcd, the API servers, then controller-manager and scheduler; then each cluster's add-ons.</summary>
    public async Task StartControlPlanesAsync(Inventory inventory, bool ippools, CancellationToken cancel)
    {
        ControlPlane.StartEtcd();
        await ControlPlane.StartAsync(cancel);
        await Task.WhenAll(layout.Clusters.Select(c => AddOnsAsync(inventory, c, ippools, cancel)));
    }

    public void StartNodes(IEnumerable<NodeLayout> nodes, AgentProgram program)
    {
        foreach (var node in nodes)
        {
            NodeComponents.Start(binaries, paths, layout.Cluster(node.Cluster), node, program);
        }
    }

    /// <summary>Every node Ready in its cluster (the API server's word, read with kubectl) and every cluster's default service account made.</summary>
    public async Task WaitNodesReadyAsync(IReadOnlyList<NodeLayout> nodes, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var pending = nodes.ToList();
        var accounts = layout.Clusters.Select(c => c.Name).ToHashSet();
        while (true)
        {
            foreach (var cluster in pending.Select(n => n.Cluster).Distinct().ToList())
            {
                var ready = await Kubectl.ReadyNodesAsync(cluster, cancel);
                pending.RemoveAll(n => n.Cluster == cluster && ready.Contains(n.Name));
            }
            foreach (var cluster in accounts.ToList())
            {
                if ((await Kubectl.RunAsync(cluster, ["get", "serviceaccount", "default", "-o", "name"], cancel)).Ok)
                {
                    accounts.Remove(cluster);
                }
            }
            if (pending.Count == 0 && accounts.Count == 0)
            {
                return;
            }
            foreach (var node in pending)
            {
                if (File.Exists(NodeComponents.Pid(paths, node.Name, NodeComponents.NodeAgent))
                    && NodeComponents.RunningPid(paths, node.Name, NodeComponents.NodeAgent) is null)
                {
                    throw new LabException($"the node agent of {node.Name} exited:\n{LogTail.Of(NodeComponents.Log(paths, node.Name, NodeComponents.NodeAgent))}");
                }
            }
            if (clock.Elapsed > NodesReadyWithin)
            {
                var shown = pending.FirstOrDefault();
                throw new LabException($"not Ready within {NodesReadyWithin.TotalSeconds:0} s: nodes {string.Join(", ", pending.Select(n => n.Name))}" +
                    (accounts.Count > 0 ? $"; no default service account yet in {string.Join(", ", accounts)}" : "") +
                    (shown is null ? "" : $"\n  node agent log of {shown.Name}:\n{LogTail.Of(NodeComponents.Log(paths, shown.Name, NodeComponents.NodeAgent))}"));
            }
            await Task.Delay(TimeSpan.FromMilliseconds(300), cancel);
        }
    }

    private async Task AddOnsAsync(Inventory inventory, ClusterControlPlane cluster, bool ippools, CancellationToken cancel)
    {
        if (cluster.Cni == CniKind.Flannel)
        {
            return;
        }
        await Kubectl.ApplyAsync($"Calico's CRDs in cluster {cluster.Name}", cluster.Name, Manifest("calico-crds.yaml"), cancel);
        await Kubectl.RunCheckedAsync($"waiting for Calico's CRDs in cluster {cluster.Name}", cluster.Name,
            ["wait", "--for", "condition=established", "--timeout=30s",
             "crd/ippools.crd.projectcalico.org", "crd/blockaffinities.crd.projectcalico.org"], cancel);
        var pools = new StringBuilder(DefaultPool(cluster));
        if (ippools && CalicoRenderer.Render(inventory, cluster.Name) is { Length: > 0 } remote)
        {
            pools.Append("---\n").Append(remote);
        }
        await Kubectl.ApplyAsync($"IPPools in cluster {cluster.Name}", cluster.Name, pools.ToString(), cancel);
    }

    /// <summary>The pool a Calico install creates for the cluster's own pods: the one pods take addresses from, masqueraded outward.</summary>
    private static string DefaultPool(ClusterControlPlane cluster) =>
        $"""
        apiVersion: crd.projectcalico.org/v1
        kind: IPPool
        metadata:
          name: default-ipv4-ippool
        spec:
          cidr: {cluster.PodCidrs[0]}
          blockSize: {cluster.NodeMaskSize}
          vxlanMode: CrossSubnet
          ipipMode: Never
          natOutgoing: true
          nodeSelector: all()

        """;

    private static string Manifest(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"VxMesh.Lab.Kubernetes.{name}")
            ?? throw new LabException($"the lab's manifest {name} is not embedded (build problem)");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
