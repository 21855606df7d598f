using System.Diagnostics;

namespace VxMesh.Lab.Runtime;

/// <summary>
/// Starts a long-lived lab process (an agent, the lab's etcd) inside a namespace, detached from
/// the terminal (its own session) so it outlives the verb that started it, with stdout and
/// stderr appended to a log. A fixed helper script writes its own pid (which exec keeps through
/// `ip netns exec` into the program) and redirects; every name travels as an argument, never as
/// text pasted into the script. The process carries <see cref="MarkerVariable"/>=lab directory in
/// its environment: that, not the command line, is how the lab later recognises its own pids.
/// </summary>
public static class DetachedProcess
{
    public const string MarkerVariable = "VXMESH_LAB";

    private const string Script = "pidfile=$1; log=$2; shift 2; echo $$ > \"$pidfile\"; exec \"$@\" >>\"$log\" 2>&1 </dev/null";

    /// <param name="what">For messages: "the agent of node X".</param>
    /// <param name="marker">The lab's directory (<see cref="LabPaths.Directory"/>).</param>
    /// <param name="networkOnly">
    /// Enter only the namespace's network (nsenter --net) instead of `ip netns exec`, which also gives
    /// the process a mount namespace of its own: a process that creates namespaces itself (the
    /// Kubernetes lab's node agent) must share the machine's mounts, or its /run/netns entries would
    /// be invisible to everything else.
    /// </param>
    /// <param name="environment">Variables added to the process's environment.</param>
    public static void Start(string what, string ns, IReadOnlyList<string> command, string pidFile, string logFile, string marker,
        bool networkOnly = false, IReadOnlyDictionary<string, string>? environment = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(pidFile)!);
        // A stale pid file would make a starting process look dead until the script rewrites it.
        File.Delete(pidFile);
        var info = new ProcessStartInfo("setsid") { UseShellExecute = false };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        info.Environment[MarkerVariable] = marker;
        string[] enter = networkOnly ? ["nsenter", $"--net=/run/netns/{ns}", "--"] : ["ip", .. Netns.Exec(ns, [])];
        string[] args = ["sh", "-c", Script, "vxmesh-lab", pidFile, logFile, .. enter, .. command];
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        try
        {
            // Not awaited and not redirected: the process runs until it is stopped or the lab goes down.
            using var _ = Process.Start(info) ?? throw new LabException($"cannot start {what}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new LabException($"cannot start {what}: {e.Message}");
        }
    }

    /// <summary>The pid in <paramref name="pidFile"/> when it still runs a process of the lab marked <paramref name="marker"/>.</summary>
    public static int? RunningPid(string pidFile, string marker) =>
        ProcInfo.ReadPidFile(pidFile) is { } pid && ProcInfo.IsAlive(pid) && IsOurs(pid, marker) ? pid : null;

    public static bool IsOurs(int pid, string marker) => ProcInfo.HasEnvironment(pid, MarkerVariable, marker);
}
