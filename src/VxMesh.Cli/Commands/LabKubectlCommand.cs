using System.CommandLine;
using VxMesh.Cli.Common;
using VxMesh.Lab.Kubernetes;
using VxMesh.Lab.Runtime;

namespace VxMesh.Cli.Commands;

/// <summary>`vxmesh lab kubectl LAB CLUSTER -- ARGS...`: the lab's kubectl as a cluster's administrator.</summary>
public static class LabKubectlCommand
{
    public static Command Create()
    {
        var lab = new Argument<string>("lab") { Description = "The lab's name (a Kubernetes lab: lab up --kubernetes)" };
        var cluster = new Argument<string>("cluster") { Description = "The cluster whose API server to talk to" };
        var args = new Argument<string[]>("args") { Description = "kubectl's arguments, after --", Arity = ArgumentArity.OneOrMore };
        var command = new Command("kubectl",
            "Run the lab's kubectl (the same release as its API servers) with the cluster's admin kubeconfig. The API\n" +
            "servers listen on lab addresses, reachable only inside the lab, so kubectl runs in the control-plane\n" +
            "namespace; stdin, stdout and stderr are this terminal's and the exit code is kubectl's. The kubeconfig\n" +
            "itself is named by `lab status` (use it with `ip netns exec vxlab-LAB-k8s kubectl --kubeconfig FILE`).\n\n" +
            "Examples:\n" +
            "  vxmesh lab kubectl seed test-cluster1 -- get nodes -o wide\n" +
            "  vxmesh lab kubectl seed test-cluster2 -- apply -f web.yaml\n" +
            "  vxmesh lab kubectl seed test-cluster1 -- get blockaffinities,ippools")
        {
            lab, cluster, args,
        };
        command.SetAction((parse, cancel) => LabInput.RunAsync(async () =>
        {
            RootCheck.Require("lab kubectl");
            var state = LabInput.RequireState(LabInput.RequireName(parse.GetValue(lab)));
            var k8s = state.Kubernetes ?? throw new UsageException($"lab {state.Lab} runs no Kubernetes (bring it up with `vxmesh lab up … --kubernetes`)");
            var name = parse.GetValue(cluster)!;
            var api = k8s.Cluster(name) ?? throw new UsageException(
                $"lab {state.Lab} has no cluster '{name}'; clusters: {string.Join(", ", k8s.Clusters.Select(c => c.Name))}");
            var kubectl = Kubectl.For(state);
            var line = kubectl.Command(api.Name, parse.GetValue(args)!);
            return await LabExec.RunAsync(k8s.Namespace, line.Skip(3).ToList(), TimeSpan.FromHours(1), cancel);
        }));
        return command;
    }
}
