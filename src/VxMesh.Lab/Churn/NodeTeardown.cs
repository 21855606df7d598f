using VxMesh.Lab.Runtime;
using VxMesh.Lab.Scripts;
using VxMesh.Lab.Topology;

namespace VxMesh.Lab.Churn;

/// <summary>
/// Takes one node out of a running lab: stops whatever still runs in its namespaces and its
/// pods', deletes its underlay veth and those namespaces, has the CNI forget it on the other
/// nodes of its cluster, and drops it from the state.
/// Nothing here talks to etcd: whether peers in other clusters drop the node at once or after
/// its lease TTL depends only on whether its agent deregistered before this ran. In a Kubernetes
/// lab its Kubernetes pods' namespaces go too; whether its Node object goes is the caller's choice
/// (rm deletes it, a crash leaves it to the node lifecycle controller).
/// </summary>
internal static class NodeTeardown
{
    public static async Task RemoveAsync(LabSession session, LabTopology topology, LabNodeState node, CancellationToken cancel)
    {
        var state = session.State;
        var pods = state.Pods.Where(p => p.Node == node.Name).ToList();
        var kubernetesPods = Kubelet.PodRecord.All(session.Paths.Directory).Where(r => r.Node == node.Name).ToList();
        var namespaces = pods.Select(p => p.Namespace).Concat(kubernetesPods.Select(r => r.Netns).OfType<string>())
            .Prepend(node.Namespace).Where(Netns.List().Contains).ToList();
        var pids = new HashSet<int>();
        foreach (var ns in namespaces)
        {
            pids.UnionWith(await Netns.PidsAsync(ns, cancel));
        }
        if (AgentLauncher.RunningPid(session.Paths, node.Name) is { } agent)
        {
            pids.Add(agent);
        }
        pids.UnionWith(kubernetesPods.SelectMany(r => r.Containers.Values).Where(p => DetachedProcess.IsOurs(p, session.Paths.Directory)));
        await ProcessStopper.StopAsync(pids, Timeouts.Stop, cancel);
        // The kernel dismantles a deleted namespace's devices asynchronously, so its veth's fabric
        // end could outlive `ip netns del` and collide with the next node's port: delete it first.
        await ProcessRunner.RunAsync("ip", ["-n", state.FabricNamespace, "link", "del", node.FabricPort], Timeouts.Command, cancel);
        await Netns.DeleteAsync(namespaces, cancel);
        await ForgetInClusterAsync(topology, state, node, cancel);
        session.Save(state with
        {
            Nodes = state.Nodes.Where(n => n.Name != node.Name).ToList(),
            Pods = state.Pods.Where(p => p.Node != node.Name).ToList(),
        });
    }

    private static async Task ForgetInClusterAsync(LabTopology topology, LabState state, LabNodeState node, CancellationToken cancel)
    {
        var layout = Membership.Layout(topology, state.Nodes, podsPerNode: 1);
        var leaving = layout.Node(node.Name);
        var members = layout.Nodes.Where(n => n.Cluster == node.Cluster && n.Name != node.Name).ToList();
        await Parallel.ForEachAsync(members, cancel, async (member, token) =>
        {
            var after = members.Where(p => p.Name != member.Name).ToList();
            await ScriptRunner.ApplyTolerantAsync(CniMembership.Leave(member, after, leaving), token);
        });
    }
}
