using System.CommandLine;
using VxMesh.Cli.Common;
using VxMesh.Lab.Kubelet;
using VxMesh.Lab.Runtime;

namespace VxMesh.Cli.Commands;

/// <summary>`vxmesh lab exec LAB NODE_OR_POD -- CMD...`: run a command inside a lab namespace.</summary>
public static class LabExecCommand
{
    public static Command Create()
    {
        var lab = new Argument<string>("lab") { Description = "The lab's name" };
        var target = new Argument<string>("target")
        {
            Description = "A node or pod name (see lab status), 'fabric', 'etcd' (etcd labs), 'k8s' or 'client' (Kubernetes labs), " +
                          "or a Kubernetes pod's name (CLUSTER/NAME when clusters share it)",
        };
        var command = new Argument<string[]>("command") { Description = "The command and its arguments, after --", Arity = ArgumentArity.OneOrMore };
        var timeout = NumberOption.Whole("--timeout", "Stop the command after this many seconds (1..86400)", 1, 86_400, 3600);
        var exec = new Command("exec",
            "Run a command inside a node's or a pod's namespace, with this terminal's input and output. The exit\n" +
            "code is the command's.\n\n" +
            "Examples:\n" +
            "  vxmesh lab exec seed multicluster-test-002-pod1 -- curl -s 198.19.113.2\n" +
            "  vxmesh lab exec seed multicluster-test-001 -- ip route show proto 118\n" +
            "  vxmesh lab exec seed test-cluster2/web-6799fc88d8-x7k2p -- curl -s 198.19.54.3   (a Kubernetes pod)")
        {
            lab, target, command, timeout,
        };
        exec.SetAction((parse, cancel) => LabInput.RunAsync(async () =>
        {
            RootCheck.Require("lab exec");
            var state = LabInput.RequireState(LabInput.RequireName(parse.GetValue(lab)));
            var name = parse.GetValue(target)!;
            var seconds = parse.GetValue(timeout);
            var args = parse.GetValue(command)!;
            if (state.NamespaceOf(name) is { } ns)
            {
                return await LabExec.RunAsync(ns, args, TimeSpan.FromSeconds(seconds), cancel);
            }
            var paths = LabPaths.For(state.Lab);
            var pod = state.Kubernetes is null ? null : PodLookup.Find(paths, name, out var clash) ?? (clash is null ? null : throw new UsageException(clash));
            if (pod is null)
            {
                throw new UsageException($"lab {state.Lab} has no node or pod '{name}'; nodes: {string.Join(", ", state.Nodes.Select(n => n.Name))}; " +
                    $"pods: {string.Join(", ", state.Pods.Select(p => p.Name))}" +
                    (state.Kubernetes is null ? "" : "; Kubernetes pods: " + string.Join(", ", PodRecord.All(paths.Directory).Select(r => $"{r.Cluster}/{r.Name}"))));
            }
            var node = state.FindNode(pod.Node)?.Namespace ?? throw new UsageException($"pod {name} runs on node {pod.Node}, which the lab no longer has");
            return await LabExec.RunLineAsync(await PodLookup.EnterAsync(pod, node, args, cancel),
                $"pod {pod.Cluster}/{pod.Namespace}/{pod.Name}", TimeSpan.FromSeconds(seconds), cancel);
        }));
        return exec;
    }
}
