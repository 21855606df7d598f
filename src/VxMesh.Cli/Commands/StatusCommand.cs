using System.CommandLine;
using VxMesh.Agent.Probing;
using VxMesh.Agent.Registry.Etcd;
using VxMesh.Cli.Common;
using VxMesh.Cli.Output;
using VxMesh.Core.Rendering;
using VxMesh.Kubernetes;

namespace VxMesh.Cli.Commands;

/// <summary>`vxmesh status`: who is in the mesh right now, according to etcd.</summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var etcd = RegistryCommand.EtcdOption();
        var prefix = RegistryCommand.PrefixOption();
        var output = CommonOptions.Output();
        var credentials = new EtcdCredentialOptions();
        var kubernetes = new Option<bool>("--kubernetes") { Description = "Show the mesh as a cluster's API shows it (its Nodes and the controller's RemoteClusters) instead of etcd's view" };
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "With --kubernetes: the kubeconfig to use (default: $KUBECONFIG, ~/.kube/config, or in-cluster)" };
        var agents = new Option<string[]>("--agent")
        {
            Description = "Ask these agents (IP:PORT of their --health-address, comma-separated or repeated) for their overlay probes' view of every peer instead of etcd",
            AllowMultipleArgumentsPerToken = false,
        };
        var lab = new Option<string?>("--lab") { Description = "Like --agent with every agent of this running lab (their health listeners on the nodes' underlay addresses)" };
        var graph = new Option<bool>("--graph") { Description = "With --agent: print the mesh as Graphviz DOT (clusters as groups, down paths red and dashed)" };
        var agentPort = NumberOption.OptionalWhole("--agent-port",
            "With etcd or --kubernetes: also ask every node's agent at NODE_IP:PORT (its --health-address port; 9890 in deploy/) for its overlay probes, and show each node's data path as its peers see it (1..65535)", 1, 65535);
        var command = new Command("status",
            "Show the mesh as etcd holds it: the mesh settings, the clusters, and every registered node with its\n" +
            "underlay and VTEP addresses, pod blocks, liveness (its lease and the seconds left on it; static nodes\n" +
            "from `registry load --with-nodes` have none) and whether it is in the mesh (and if not, why); then the\n" +
            "last change (revision, key and time of the newest write). Exit 1 when the registry does not assemble\n" +
            "into a valid inventory.\n\n" +
            "--kubernetes shows the mesh from inside a cluster instead: this cluster's Nodes (registered when the agent\n" +
            "wrote its VTEP into the Node's annotations) and every remote cluster the controller published as a\n" +
            "RemoteCluster, with nodes, blocks and when each last updated its registration. `kubectl vxmesh` is the same.\n\n" +
            "--agent shows the data path instead: each agent's overlay probes of every peer (path up, degraded, down or\n" +
            "unknown, RTT, probes lost, since when), from the agents' /peers; exit 1 when an agent does not answer or a\n" +
            "path is down. --graph prints it as Graphviz DOT (docs/metrics.md).\n\n" +
            "--agent-port PORT joins the two: the registry's (or the API's) view, and per node its data path as the other\n" +
            "nodes' agents see it (up, degraded, down, unknown; how many see it down; median RTT; last change); exit 1 when\n" +
            "a node's path is down. The agents must be reachable from where status runs (their underlay addresses).\n\n" +
            "Examples:\n" +
            "  vxmesh status --etcd http://10.0.0.5:2379 -o json\n" +
            "  vxmesh status --etcd https://10.0.0.5:2379 --etcd-ca ca.crt --etcd-cert vxmesh-admin.crt --etcd-key vxmesh-admin.key\n" +
            "  vxmesh status --kubernetes --kubeconfig admin.kubeconfig -o json\n" +
            "  vxmesh status --etcd http://10.0.0.5:2379 --agent-port 9890\n" +
            "  vxmesh status --agent 198.18.1.21:9890,198.18.2.16:9890 --graph | dot -Tpng > mesh.png")
        {
            etcd, prefix, output, kubernetes, kubeconfig, agents, lab, graph, agentPort,
        };
        credentials.AddTo(command);
        command.SetAction((parse, cancel) => parse.GetValue(lab) is { } labName
            ? AgentsStatusAsync(AgentPeersClient.OfLab(LabInput.RequireState(LabInput.RequireName(labName))), parse.GetValue(output) == "json", parse.GetValue(graph), cancel)
            : parse.GetValue(agents) is { Length: > 0 } asked
            ? AgentsStatusAsync(AgentPeersClient.Parse(asked, Http), parse.GetValue(output) == "json", parse.GetValue(graph), cancel)
            : parse.GetValue(graph) ? throw new UsageException("--graph needs --agent or --lab: the picture is of the agents' probes")
            : parse.GetValue(kubernetes)
            ? KubernetesStatusAsync(parse.GetValue(kubeconfig), parse.GetValue(output) == "json", parse.GetValue(agentPort), cancel)
            : RegistryCommand.WithEtcdAsync(parse.GetValue(etcd)!, credentials.Read(parse), parse.GetValue(prefix)!, async (client, keys) =>
        {
            var status = await RegistryStatusReader.ReadAsync(client, keys, cancel);
            if (parse.GetValue(agentPort) is { } port)
            {
                status = status with { DataPaths = await DataPathsAsync(status.Nodes.Select(n => (n.Cluster, n.Name, (string?)n.Ip.ToString())), port, cancel) };
            }
            if (parse.GetValue(output) == "json")
            {
                Console.WriteLine(JsonFormat.Serialize(status));
            }
            else
            {
                StatusTable.Write(status, DateTimeOffset.UtcNow);
            }
            return status.Problems.Count == 0 && !AnyDown(status.DataPaths) ? ExitCodes.Ok : ExitCodes.Failure;
        }));
        return command;
    }

    private static readonly HttpClient Http = new() { Timeout = AgentPeersClient.Timeout };

    /// <summary>Every node's agent asked for its probes at once; each node's path folded from the others' views.</summary>
    private static async Task<IReadOnlyDictionary<string, NodePathSummary>> DataPathsAsync(IEnumerable<(string Cluster, string Node, string? Ip)> nodes, int port, CancellationToken cancel)
    {
        var known = nodes.ToList();
        var report = await AgentPeersClient.ReadAsync(AgentPeersClient.Parse(known.Where(n => n.Ip is not null).Select(n => $"{n.Ip}:{port}"), Http), cancel);
        var views = report.Agents.Select(a => a.View).OfType<PeerPathView>().ToList();
        return known.ToDictionary(n => $"{n.Cluster}/{n.Node}", n => NodePathSummary.Of(n.Cluster, n.Node, views), StringComparer.Ordinal);
    }

    private static bool AnyDown(IReadOnlyDictionary<string, NodePathSummary>? paths) => paths?.Values.Any(p => p.State == PathHealth.Down) == true;

    private static async Task<int> AgentsStatusAsync(IReadOnlyList<AgentPeersClient.Source> agents, bool json, bool graph, CancellationToken cancel)
    {
        var report = await AgentPeersClient.ReadAsync(agents, cancel);
        if (graph)
        {
            Console.Write(PeerPathGraph.Dot(report));
        }
        else if (json)
        {
            Console.WriteLine(JsonFormat.Serialize(report));
        }
        else
        {
            PeerPathTable.Write(report, DateTimeOffset.UtcNow);
        }
        return report.Healthy ? ExitCodes.Ok : ExitCodes.Failure;
    }

    private static async Task<int> KubernetesStatusAsync(string? kubeconfig, bool json, int? agentPort, CancellationToken cancel)
    {
        var path = kubeconfig ?? Environment.GetEnvironmentVariable("KUBECONFIG") ?? DefaultKubeconfig();
        using var client = KubeClients.Create(path);
        MeshView view;
        try
        {
            view = await MeshView.ReadAsync(client, Names.PodNamespace(), cancel);
        }
        catch (VxMesh.Kubernetes.Config.MeshConfigException e)
        {
            throw new UsageException(e.Message);
        }
        catch (HttpRequestException e)
        {
            await Console.Error.WriteLineAsync($"vxmesh: the Kubernetes API did not answer: {e.Message}");
            return ExitCodes.Failure;
        }
        if (agentPort is { } port)
        {
            view = view with { DataPaths = await DataPathsAsync(view.Clusters.SelectMany(c => c.Nodes.Select(n => (c.Name, n.Name, n.Ip))), port, cancel) };
        }
        if (json)
        {
            Console.WriteLine(JsonFormat.Serialize(view));
        }
        else
        {
            MeshViewTable.Write(view);
        }
        return view.Clusters.Where(c => c.Local).SelectMany(c => c.Nodes).All(n => n.Registered) && !AnyDown(view.DataPaths) ? ExitCodes.Ok : ExitCodes.Failure;
    }

    private static string? DefaultKubeconfig()
    {
        var home = Environment.GetEnvironmentVariable("HOME");
        var file = home is null ? null : Path.Combine(home, ".kube", "config");
        return file is not null && File.Exists(file) ? file : null;
    }
}
