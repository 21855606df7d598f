namespace VxMesh.Lab.Runtime;

/// <summary>
/// Starts one real `vxmesh agent` per node inside the node's namespace (detached, logging to the
/// node's agent.log, pid in agent.pid) and tells whether it still runs.
/// </summary>
public static class AgentLauncher
{
    /// <summary>One agent to start: the node, its cluster (etcd mode names it) and its namespace.</summary>
    public sealed record Target(string Node, string Cluster, string Namespace);

    public static void StartAll(IEnumerable<Target> nodes, LabPaths paths, AgentProgram agent, AgentArguments arguments)
    {
        foreach (var node in nodes)
        {
            Start(node, paths, agent, arguments);
        }
    }

    public static void Start(Target node, LabPaths paths, AgentProgram agent, AgentArguments arguments)
    {
        if (!File.Exists(agent.Dll))
        {
            throw new LabException($"the agent's program {agent.Dll} does not exist (build the CLI: ./vxmesh --help builds it)");
        }
        DetachedProcess.Start($"the agent of node {node.Node}", node.Namespace,
            agent.Command(arguments.For(paths, node.Cluster, node.Node)),
            paths.AgentPid(node.Node), paths.AgentLog(node.Node), paths.Directory);
    }

    /// <summary>The agent's pid when its pid file names a live agent process of this lab.</summary>
    public static int? RunningPid(LabPaths paths, string node) => DetachedProcess.RunningPid(paths.AgentPid(node), paths.Directory);

    /// <summary>
    /// True once the agent has written its pid file and that pid no longer runs it. Before the
    /// pid file exists the agent is still starting, which is not a failure.
    /// </summary>
    public static bool HasExited(LabPaths paths, string node) =>
        File.Exists(paths.AgentPid(node)) && RunningPid(paths, node) is null;

    /// <summary>The pid is one of this lab's processes (its environment carries the lab's marker).</summary>
    public static bool IsAgentOf(int pid, LabPaths paths) => DetachedProcess.IsOurs(pid, paths.Directory);

    /// <summary>
    /// The last lines of a node's agent log, to explain a failure: the lab's own agent's, or — VxMesh
    /// installed into Kubernetes — the newest log of the DaemonSet's agent container on that node.
    /// </summary>
    public static string LogTail(LabPaths paths, string node, int lines = 8)
    {
        var log = paths.AgentLog(node);
        var pods = Path.Combine(paths.NodeDirectory(node), "pods");
        if (!File.Exists(log) && Directory.Exists(pods))
        {
            log = Directory.GetDirectories(pods, "vxmesh-system_vxmesh-agent-*").Select(d => Path.Combine(d, "agent.log"))
                .Where(File.Exists).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault() ?? log;
        }
        return $"  ({log})\n" + Runtime.LogTail.Of(log, lines);
    }
}
