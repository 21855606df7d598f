using System.Diagnostics;
using VxMesh.Lab.Runtime;

namespace VxMesh.Lab.Churn;

/// <param name="Pid">The killed or started agent's pid.</param>
/// <param name="ElapsedMs">kill: until the process was gone; start: until its first reconcile pass was logged.</param>
public sealed record AgentActionReport(string Lab, string Node, string Action, int Pid, double ElapsedMs);

/// <summary>
/// `lab agent kill|start`: the agent's own faults, the node left alone. kill is SIGKILL (no
/// deregistration, no cleanup: the kernel state stays as the agent left it); start runs the
/// agent again with the arguments `lab up` gave it and waits (bounded) until it has loaded the
/// mesh and finished its first reconcile pass, which must adopt the kernel state as it is.
/// Both work in file and etcd labs.
/// </summary>
public static class AgentControl
{
    private static readonly TimeSpan StartWithin = TimeSpan.FromSeconds(30);

    public static async Task<AgentActionReport> KillAsync(string lab, string name, CancellationToken cancel)
    {
        using var session = await LabSession.OpenAsync(lab, cancel);
        session.RequireNode(name);
        var pid = AgentLauncher.RunningPid(session.Paths, name)
            ?? throw new LabException($"the agent of node {name} is not running (start it with `vxmesh lab agent start {lab} {name}`)");
        var clock = Stopwatch.StartNew();
        await ProcessStopper.KillAsync([pid], cancel);
        return new AgentActionReport(lab, name, "kill", pid, clock.Elapsed.TotalMilliseconds);
    }

    public static async Task<AgentActionReport> StartAsync(string lab, string name, AgentProgram agent, CancellationToken cancel)
    {
        using var hold = ExitGuard.Hold();
        using var session = await LabSession.OpenAsync(lab, cancel);
        var node = session.RequireNode(name);
        if (AgentLauncher.RunningPid(session.Paths, name) is { } running)
        {
            throw new LabException($"the agent of node {name} is already running (pid {running})");
        }
        var log = session.Paths.AgentLog(name);
        var offset = File.Exists(log) ? new FileInfo(log).Length : 0;
        var clock = Stopwatch.StartNew();
        AgentLauncher.Start(AgentLauncher.Target.Of(node), session.Paths, agent, AgentArguments.Of(session.State));
        while (!FirstPassLogged(log, offset))
        {
            if (AgentLauncher.HasExited(session.Paths, name))
            {
                throw new LabException($"the agent of node {name} exited ({log}):\n{AgentLauncher.LogTail(session.Paths, name)}");
            }
            if (clock.Elapsed > StartWithin)
            {
                throw new LabException($"the agent of node {name} did not finish a reconcile pass within {StartWithin.TotalSeconds:0} s ({log}):\n{AgentLauncher.LogTail(session.Paths, name)}");
            }
            await Task.Delay(Timeouts.Poll, cancel);
        }
        return new AgentActionReport(lab, name, "start", AgentLauncher.RunningPid(session.Paths, name) ?? 0, clock.Elapsed.TotalMilliseconds);
    }

    /// <summary>The agent logs "pass (start): N changes ..." once it has reconciled for the first time.</summary>
    private static bool FirstPassLogged(string log, long offset)
    {
        try
        {
            using var file = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            file.Seek(Math.Min(offset, file.Length), SeekOrigin.Begin);
            using var reader = new StreamReader(file);
            return reader.ReadToEnd().Contains("pass (", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
