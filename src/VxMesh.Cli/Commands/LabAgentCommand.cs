using System.CommandLine;
using VxMesh.Cli.Common;
using VxMesh.Lab.Churn;
using VxMesh.Lab.Runtime;

namespace VxMesh.Cli.Commands;

/// <summary>`vxmesh lab agent kill|start LAB NODE`: the agent's own faults, the node left alone.</summary>
public static class LabAgentCommand
{
    public static Command Create()
    {
        var kill = Verb("kill",
            "SIGKILL a node's agent: no deregistration, no cleanup; the kernel keeps what the agent programmed and,\n" +
            "in an etcd lab, the node stays registered until its lease TTL (start it again before that).");
        kill.Command.SetAction((parse, cancel) => LabInput.RunAsync(async () =>
        {
            RootCheck.Require("lab agent kill");
            var report = await AgentControl.KillAsync(LabInput.RequireName(parse.GetValue(kill.Lab)), parse.GetValue(kill.Node)!, cancel);
            LabNodeCommand.Write(parse.GetValue(kill.Output), report, () => $"agent of {report.Node} (pid {report.Pid}) killed");
            return ExitCodes.Ok;
        }));
        var start = Verb("start",
            "Start a node's agent again with the arguments lab up gave it, and return once it has finished its first\n" +
            "reconcile pass (it adopts the kernel state as it finds it: nothing is removed and re-added).");
        start.Command.SetAction((parse, cancel) => LabInput.RunAsync(async () =>
        {
            RootCheck.Require("lab agent start");
            var report = await AgentControl.StartAsync(LabInput.RequireName(parse.GetValue(start.Lab)), parse.GetValue(start.Node)!,
                AgentProgram.ForCli(AppContext.BaseDirectory), cancel);
            LabNodeCommand.Write(parse.GetValue(start.Output), report,
                () => $"agent of {report.Node} started (pid {report.Pid}), first pass done after {report.ElapsedMs:0} ms");
            return ExitCodes.Ok;
        }));
        return new Command("agent", "Kill or start a node's agent (file and etcd labs).") { kill.Command, start.Command };
    }

    private static (Command Command, Argument<string> Lab, Argument<string> Node, Option<string> Output) Verb(string name, string description)
    {
        var (lab, node, output) = (LabNodeCommand.LabArgument(), LabNodeCommand.NodeArgument(), CommonOptions.Output());
        return (new Command(name, description) { lab, node, output }, lab, node, output);
    }
}
