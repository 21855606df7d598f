using System.CommandLine;
using VxMesh.Cli.Common;
using VxMesh.Lab.Churn;

namespace VxMesh.Cli.Commands;

/// <summary>`vxmesh lab path break|restore LAB A B`: kill the overlay path between two nodes, and heal it.</summary>
public static class LabPathCommand
{
    public static Command Create()
    {
        var cut = Verb("break",
            "Drop VXLAN (UDP to the mesh port) between nodes A and B with nftables in both node namespaces: the\n" +
            "underlay, etcd and the agents keep running, only the overlay path between the two dies. Each agent's\n" +
            "probes mark the other down after --probe-down-after misses (see `vxmesh status --lab LAB`).\n\n" +
            "Example:\n  vxmesh lab path break seed multicluster-test-001 multicluster-test-003");
        cut.Command.SetAction((parse, cancel) => LabInput.RunAsync(async () =>
        {
            RootCheck.Require("lab path break");
            var report = await PathFault.BreakAsync(LabInput.RequireName(parse.GetValue(cut.Lab)), parse.GetValue(cut.A)!, parse.GetValue(cut.B)!, cancel);
            LabNodeCommand.Write(parse.GetValue(cut.Output), report, () => $"path {report.NodeA} <-> {report.NodeB} broken (VXLAN udp/{report.Port} dropped both ways)");
            return ExitCodes.Ok;
        }));
        var heal = Verb("restore", "Remove what `lab path break` added between nodes A and B (done when nothing was broken).");
        heal.Command.SetAction((parse, cancel) => LabInput.RunAsync(async () =>
        {
            RootCheck.Require("lab path restore");
            var report = await PathFault.RestoreAsync(LabInput.RequireName(parse.GetValue(heal.Lab)), parse.GetValue(heal.A)!, parse.GetValue(heal.B)!, cancel);
            LabNodeCommand.Write(parse.GetValue(heal.Output), report, () => $"path {report.NodeA} <-> {report.NodeB} restored");
            return ExitCodes.Ok;
        }));
        return new Command("path", "Break or restore the overlay path between two nodes (file and etcd labs).") { cut.Command, heal.Command };
    }

    private static (Command Command, Argument<string> Lab, Argument<string> A, Argument<string> B, Option<string> Output) Verb(string name, string description)
    {
        var lab = LabNodeCommand.LabArgument();
        var a = new Argument<string>("a") { Description = "One end: a node of the lab" };
        var b = new Argument<string>("b") { Description = "The other end" };
        var output = CommonOptions.Output();
        return (new Command(name, description) { lab, a, b, output }, lab, a, b, output);
    }
}
