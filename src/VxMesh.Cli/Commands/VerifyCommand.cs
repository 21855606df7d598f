using System.CommandLine;
using VxMesh.Cli.Common;
using VxMesh.Cli.Output;
using VxMesh.Core.Rendering;
using VxMesh.Lab.Verify;

namespace VxMesh.Cli.Commands;

/// <summary>`vxmesh verify`: prove a lab's reachability and source preservation with real HTTP requests.</summary>
public static class VerifyCommand
{
    public static Command Create()
    {
        var lab = new Option<string?>("--lab") { Description = $"The lab to verify (default: {LabInput.DefaultLab})" };
        var output = CommonOptions.Output();
        var command = new Command("verify",
            "curl from every pod to every pod on another node, timed as seeds/004 does (time_connect,\n" +
            "time_starttransfer, time_total). A pair is ok when the intended nginx answers; its source is\n" +
            "preserved when that nginx saw the client pod's own address. Passes when every pair is ok and the\n" +
            "source is preserved within each cluster and, with lab.ippools true, across clusters too.\n" +
            "Exit 0 when it passes, 1 when it does not.\n\n" +
            "Example: vxmesh verify --lab seed -o json")
        {
            lab, output,
        };
        command.SetAction((parse, cancel) => LabInput.RunAsync(async () =>
        {
            RootCheck.Require("verify");
            var state = LabInput.RequireState(LabInput.RequireName(parse.GetValue(lab)));
            var report = await Verifier.RunAsync(state, cancel);
            if (parse.GetValue(output) == "json")
            {
                Console.WriteLine(JsonFormat.Serialize(ToJson(report)));
            }
            else
            {
                VerifyTable.Write(report);
            }
            return report.Ok ? ExitCodes.Ok : ExitCodes.Failure;
        }));
        return command;
    }

    /// <summary>The documented JSON shape, exactly: no internal fields leak into it.</summary>
    internal static object ToJson(VerifyReport report) => new
    {
        ok = report.Ok,
        pairs = report.Pairs.Select(p => new
        {
            from = p.From,
            to = p.To,
            fromCluster = p.FromCluster,
            toCluster = p.ToCluster,
            ok = p.Ok,
            sourcePreserved = p.SourcePreserved,
            connectMs = p.ConnectMs,
            firstByteMs = p.FirstByteMs,
            totalMs = p.TotalMs,
        }),
    };
}
