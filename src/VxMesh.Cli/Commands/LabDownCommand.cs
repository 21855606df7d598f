using System.CommandLine;
using VxMesh.Cli.Common;
using VxMesh.Lab.Runtime;

namespace VxMesh.Cli.Commands;

/// <summary>`vxmesh lab down`: remove a lab (or all), also after a crash.</summary>
public static class LabDownCommand
{
    public static Command Create()
    {
        var name = LabInput.NameOption($"Lab to remove (default: {LabInput.DefaultLab})");
        var all = new Option<bool>("--all") { Description = "Remove every lab on this machine (every vxlab-* namespace)" };
        var command = new Command("down",
            "Stop the lab's agents and nginx, delete its namespaces and its files under /run/vxmesh/labs/. Finds\n" +
            "namespaces by their vxlab-LAB- prefix and processes by `ip netns pids`, so it also cleans up after a\n" +
            "crash; running it again is harmless.")
        {
            name, all,
        };
        command.SetAction((parse, cancel) => LabInput.RunAsync(async () =>
        {
            if (parse.GetValue(all) && parse.GetValue(name) is not null)
            {
                throw new UsageException("give --name LAB or --all, not both");
            }
            RootCheck.Require("lab down");
            var labs = parse.GetValue(all) ? LabDown.AllLabs() : [LabInput.RequireName(parse.GetValue(name))];
            if (labs.Count == 0)
            {
                Console.Error.WriteLine("no lab to remove");
            }
            var clean = true;
            foreach (var lab in labs)
            {
                clean &= (await LabDown.RunAsync(lab, new StderrLabLog(), cancel)).Leftovers.Count == 0;
            }
            return clean ? ExitCodes.Ok : ExitCodes.Failure;
        }));
        return command;
    }
}
