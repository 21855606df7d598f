using System.Diagnostics;
using VxMesh.Lab.Layout;

namespace VxMesh.Lab.Runtime;

/// <summary>
/// Starts one real `vxmesh agent` per node, inside the node's namespace, detached from the
/// terminal (its own session) so it outlives `lab up`, with stdout and stderr appended to the
/// node's agent.log. A fixed helper script writes its own pid (which exec keeps through
/// `ip netns exec` into dotnet) and redirects; every name travels as an argument, never as text
/// pasted into the script.
/// </summary>
public static class AgentLauncher
{
    private const string Script = "pidfile=$1; log=$2; shift 2; echo $$ > \"$pidfile\"; exec \"$@\" >>\"$log\" 2>&1 </dev/null";

    public static void StartAll(IEnumerable<NodeLayout> nodes, LabPaths paths, AgentProgram agent)
    {
        foreach (var node in nodes)
        {
            Start(node, paths, agent);
        }
    }

    private static void Start(NodeLayout node, LabPaths paths, AgentProgram agent)
    {
        Directory.CreateDirectory(paths.NodeDirectory(node.Name));
        if (!File.Exists(agent.Dll))
        {
            throw new LabException($"the agent's program {agent.Dll} does not exist (build the CLI: ./vxmesh --help builds it)");
        }
        var info = new ProcessStartInfo("setsid") { UseShellExecute = false };
        string[] args =
        [
            "sh", "-c", Script, "vxmesh-agent", paths.AgentPid(node.Name), paths.AgentLog(node.Name),
            .. Netns.Exec(node.Namespace).Prepend("ip"), .. agent.Arguments(paths.Inventory, node.Name),
        ];
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        try
        {
            // Not awaited and not redirected: the agent runs until `lab down`.
            using var _ = Process.Start(info) ?? throw new LabException($"cannot start the agent of node {node.Name}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new LabException($"cannot start the agent of node {node.Name}: {e.Message}");
        }
    }

    /// <summary>The agent's pid when its pid file names a live agent process.</summary>
    public static int? RunningPid(LabPaths paths, string node)
    {
        var pid = ProcInfo.ReadPidFile(paths.AgentPid(node));
        return pid is { } p && ProcInfo.IsAlive(p) && IsAgentOf(p, paths) ? p : null;
    }

    /// <summary>
    /// True once the agent has written its pid file and that pid no longer runs it. Before the
    /// pid file exists the agent is still starting, which is not a failure.
    /// </summary>
    public static bool HasExited(LabPaths paths, string node) =>
        File.Exists(paths.AgentPid(node)) && RunningPid(paths, node) is null;

    /// <summary>The pid is one of ours if its command line (the helper script's or the agent's) names this lab's inventory.</summary>
    public static bool IsAgentOf(int pid, LabPaths paths) =>
        ProcInfo.CommandLine(pid).Contains(paths.Inventory, StringComparison.Ordinal);

    /// <summary>The last lines of a node's agent log, to explain a failure.</summary>
    public static string LogTail(LabPaths paths, string node, int lines = 8)
    {
        try
        {
            var all = File.ReadAllLines(paths.AgentLog(node));
            return all.Length == 0 ? "(agent.log is empty)" : string.Join("\n", all.TakeLast(lines).Select(l => "    " + l));
        }
        catch (IOException)
        {
            return "(no agent.log)";
        }
    }
}
