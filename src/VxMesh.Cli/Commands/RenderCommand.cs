using System.CommandLine;
using VxMesh.Cli.Common;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;
using VxMesh.Core.Rendering;

namespace VxMesh.Cli.Commands;

/// <summary>`vxmesh render`: the plan as something to paste or apply elsewhere.</summary>
public static class RenderCommand
{
    public static Command Create()
    {
        var file = CommonOptions.InventoryFile();
        var format = new Option<string>("--format")
        {
            Description = "shell: iproute2 commands for one node (--node); calico: IPPools for one cluster (--cluster); json: the node's plan",
            Required = true,
        };
        format.AcceptOnlyFromAmong("shell", "calico", "json");
        var node = new Option<string?>("--node", "-n") { Description = "Node to render (shell, json)" };
        var cluster = new Option<string?>("--cluster", "-c") { Description = "Cluster to render IPPools for (calico)" };
        var command = new Command("render",
            "Print the plan in a form another tool or a person applies.\n\n" +
            "  shell   the commands seeds/000 typed by hand, corrected and safe to run twice\n" +
            "  calico  the IPPools cluster C needs so traffic to the other clusters keeps its source IP\n" +
            "  json    one node's plan as `plan -o json` prints it (schema in docs/json.md)\n\n" +
            "Examples:\n" +
            "  vxmesh render -f examples/seed-000.yaml --format shell --node multicluster-test-001 | sh\n" +
            "  vxmesh render -f examples/seed-000.yaml --format calico --cluster test-cluster1 | kubectl apply -f -")
        {
            file, format, node, cluster,
        };
        command.SetAction(parse =>
        {
            var inventory = InventoryInput.Load(parse.GetValue(file)!);
            if (inventory is null)
            {
                return ExitCodes.InvalidInput;
            }
            Console.Write(parse.GetValue(format) switch
            {
                "calico" => RenderCalico(inventory, parse.GetValue(cluster)),
                "shell" => ShellRenderer.Render(PlanNode(inventory, parse.GetValue(node), "shell"), inventory.Source),
                _ => JsonFormat.Serialize(PlanNode(inventory, parse.GetValue(node), "json")) + "\n",
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static NodeState PlanNode(Inventory inventory, string? node, string format) =>
        Planner.Plan(inventory, InventoryInput.RequireNode(inventory,
            node ?? throw new UsageException($"--format {format} renders one node: add --node NAME")).Node.Name);

    private static string RenderCalico(Inventory inventory, string? clusterName)
    {
        var cluster = InventoryInput.RequireCluster(inventory,
            clusterName ?? throw new UsageException("--format calico renders one cluster's IPPools: add --cluster NAME"));
        if (cluster.Cni != CniKind.Calico)
        {
            Console.Error.WriteLine($"vxmesh: note: cluster {cluster.Name} runs {cluster.Cni.ToString().ToLowerInvariant()}, not Calico; these IPPools only matter to Calico");
        }
        return CalicoRenderer.Render(inventory, cluster.Name);
    }
}
