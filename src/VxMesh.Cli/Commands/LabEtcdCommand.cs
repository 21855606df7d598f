using System.CommandLine;
using VxMesh.Cli.Common;
using VxMesh.Lab.Churn;

namespace VxMesh.Cli.Commands;

/// <summary>`vxmesh lab etcd stop|start LAB`: a registry outage, on demand.</summary>
public static class LabEtcdCommand
{
    public static Command Create()
    {
        var stop = Verb("stop",
            "Stop the lab's etcd (SIGTERM, then SIGKILL after 10 s), keeping its data. Agents keep the kernel as it\n" +
            "is and retry with backoff; nothing is flushed.");
        stop.Command.SetAction((parse, cancel) => LabInput.RunAsync(async () =>
        {
            RootCheck.Require("lab etcd stop");
            var report = await EtcdControl.StopAsync(LabInput.RequireName(parse.GetValue(stop.Lab)), cancel);
            LabNodeCommand.Write(parse.GetValue(stop.Output), report, () => $"etcd of lab {report.Lab} (pid {report.Pid}) stopped; its data is kept");
            return ExitCodes.Ok;
        }));
        var start = Verb("start",
            "Start the lab's etcd again on its kept data (every key and lease comes back) and return once it answers.");
        start.Command.SetAction((parse, cancel) => LabInput.RunAsync(async () =>
        {
            RootCheck.Require("lab etcd start");
            var report = await EtcdControl.StartAsync(LabInput.RequireName(parse.GetValue(start.Lab)), cancel);
            LabNodeCommand.Write(parse.GetValue(start.Output), report,
                () => $"etcd of lab {report.Lab} started (pid {report.Pid}) at {report.Url}, healthy after {report.ElapsedMs:0} ms");
            return ExitCodes.Ok;
        }));
        return new Command("etcd", "Stop or start an etcd lab's registry.") { stop.Command, start.Command };
    }

    private static (Command Command, Argument<string> Lab, Option<string> Output) Verb(string name, string description)
    {
        var (lab, output) = (LabNodeCommand.LabArgument(), CommonOptions.Output());
        return (new Command(name, description) { lab, output }, lab, output);
    }
}
