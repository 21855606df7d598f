using System.CommandLine;
using VxMesh.Cli.Common;
using VxMesh.Cli.Output;
using VxMesh.Core.Rendering;
using VxMesh.Lab.Runtime;

namespace VxMesh.Cli.Commands;

/// <summary>`vxmesh lab status`: clusters, nodes with their agents, pods with their addresses.</summary>
public static class LabStatusCommand
{
    public static Command Create()
    {
        var name = LabInput.NameOption($"Lab to show (default: {LabInput.DefaultLab})");
        var output = CommonOptions.Output();
        var command = new Command("status",
            "Show a lab: where its agents get the mesh (its inventory file, or its etcd and whether etcd runs), its\n" +
            "clusters, its nodes (underlay address, VXLAN address, agent running or dead, pid) and its pods (node,\n" +
            "cluster, address, nginx). State is up, degraded (an agent, nginx or etcd is not running), leftover\n" +
            "(namespaces without state: run lab down) or absent. Exit 1 unless up.\n" +
            "A Kubernetes lab also shows each cluster's API server (address, admin kubeconfig), whether its\n" +
            "kube-apiserver, kube-controller-manager and kube-scheduler run, and which Nodes the API server calls Ready.")
        {
            name, output,
        };
        command.SetAction(async (parse, cancel) =>
        {
            var report = await LabStatus.ReadAsync(LabInput.RequireName(parse.GetValue(name)), cancel);
            if (parse.GetValue(output) == "json")
            {
                Console.WriteLine(JsonFormat.Serialize(report));
            }
            else
            {
                LabStatusTable.Write(report);
            }
            return report.State == "up" ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }
}
