using System.CommandLine;
using VxMesh.Cli.Common;
using VxMesh.Cli.Output;
using VxMesh.Core.Planning;
using VxMesh.Core.Rendering;

namespace VxMesh.Cli.Commands;

/// <summary>`vxmesh plan`: the desired state of one node or of all nodes, without touching anything.</summary>
public static class PlanCommand
{
    public static Command Create()
    {
        var file = CommonOptions.InventoryFile();
        var node = new Option<string?>("--node", "-n") { Description = "Plan only this node (default: every node)" };
        var output = CommonOptions.Output();
        var command = new Command("plan",
            "Show each node's desired state: the VXLAN device, its address, an ARP and an FDB entry per peer,\n" +
            "and a route per remote pod block. Reads the inventory only; changes nothing. The underlay MTU is\n" +
            "assumed to be 1500 here (the agent reads the real one).\n\n" +
            "Example: vxmesh plan -f examples/seed-000.yaml --node multicluster-test-001")
        {
            file, node, output,
        };
        command.SetAction(parse =>
        {
            var inventory = InventoryInput.Load(parse.GetValue(file)!);
            if (inventory is null)
            {
                return ExitCodes.InvalidInput;
            }
            var name = parse.GetValue(node);
            var states = name is null
                ? Planner.PlanAll(inventory)
                : [Planner.Plan(inventory, InventoryInput.RequireNode(inventory, name).Node.Name)];
            if (parse.GetValue(output) == "json")
            {
                Console.WriteLine(JsonFormat.Serialize(new { source = inventory.Source, nodes = states }));
            }
            else
            {
                PlanTable.Write(states);
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
