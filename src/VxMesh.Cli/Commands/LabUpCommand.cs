using System.CommandLine;
using VxMesh.Cli.Common;
using VxMesh.Lab.Runtime;

namespace VxMesh.Cli.Commands;

/// <summary>`vxmesh lab up`: build a lab and return when it is ready.</summary>
public static class LabUpCommand
{
    public static Command Create()
    {
        var file = new Option<FileInfo?>("--file", "-f") { Description = "Topology: an inventory with a lab: section (see examples/lab-*.yaml)" };
        var preset = new Option<string?>("--preset") { Description = "A built-in topology instead of a file: seed (the article's 3 clusters x 2 nodes)" };
        var name = LabInput.NameOption("Lab name, 1-8 of [a-z0-9] (default: the preset's name, or the file's: lab-seed.yaml -> seed)");
        var command = new Command("up",
            "Create the lab's namespaces, underlay, nodes and pods, start one agent per node and nginx in every\n" +
            "pod, and return when every node's kernel holds every planned route and every nginx answers.\n" +
            "On failure or Ctrl-C everything built so far is removed. An invalid topology builds nothing (exit 2).\n\n" +
            "Examples:\n" +
            "  vxmesh lab up --preset seed\n" +
            "  vxmesh lab up -f examples/lab-mixed.yaml --name mixed")
        {
            file, preset, name,
        };
        command.SetAction((parse, cancel) => LabInput.RunAsync(async () =>
        {
            var topology = LabInput.LoadTopology(parse.GetValue(file), parse.GetValue(preset), parse.GetValue(name));
            if (topology is null)
            {
                return ExitCodes.InvalidInput;
            }
            RootCheck.Require("lab up");
            var up = new LabUp(AgentProgram.ForCli(AppContext.BaseDirectory), new StderrLabLog());
            var state = await up.RunAsync(topology, cancel);
            Console.WriteLine($"lab {state.Lab} is up: {state.Nodes.Count} nodes, {state.Pods.Count} pods. Next:");
            Console.WriteLine($"  vxmesh lab status --name {state.Lab}");
            Console.WriteLine($"  vxmesh verify --lab {state.Lab}");
            Console.WriteLine($"  vxmesh lab exec {state.Lab} {state.Pods[0].Name} -- curl -s {state.Pods[^1].Ip}");
            Console.WriteLine($"  vxmesh lab down --name {state.Lab}");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
