using System.CommandLine;
using VxMesh.Cli.Common;
using VxMesh.Lab.Runtime;

namespace VxMesh.Cli.Commands;

/// <summary>`vxmesh lab exec LAB NODE_OR_POD -- CMD...`: run a command inside a lab namespace.</summary>
public static class LabExecCommand
{
    public static Command Create()
    {
        var lab = new Argument<string>("lab") { Description = "The lab's name" };
        var target = new Argument<string>("target") { Description = "A node or pod name (see lab status), 'fabric', or 'etcd' (etcd labs)" };
        var command = new Argument<string[]>("command") { Description = "The command and its arguments, after --", Arity = ArgumentArity.OneOrMore };
        var timeout = NumberOption.Whole("--timeout", "Stop the command after this many seconds (1..86400)", 1, 86_400, 3600);
        var exec = new Command("exec",
            "Run a command inside a node's or a pod's namespace, with this terminal's input and output. The exit\n" +
            "code is the command's.\n\n" +
            "Examples:\n" +
            "  vxmesh lab exec seed multicluster-test-002-pod1 -- curl -s 198.19.113.2\n" +
            "  vxmesh lab exec seed multicluster-test-001 -- ip route show proto 118")
        {
            lab, target, command, timeout,
        };
        exec.SetAction((parse, cancel) => LabInput.RunAsync(async () =>
        {
            RootCheck.Require("lab exec");
            var state = LabInput.RequireState(LabInput.RequireName(parse.GetValue(lab)));
            var name = parse.GetValue(target)!;
            var ns = state.NamespaceOf(name) ?? throw new UsageException(
                $"lab {state.Lab} has no node or pod '{name}'; nodes: {string.Join(", ", state.Nodes.Select(n => n.Name))}; " +
                $"pods: {string.Join(", ", state.Pods.Select(p => p.Name))}");
            var seconds = parse.GetValue(timeout);
            return await LabExec.RunAsync(ns, parse.GetValue(command)!, TimeSpan.FromSeconds(seconds), cancel);
        }));
        return exec;
    }
}
