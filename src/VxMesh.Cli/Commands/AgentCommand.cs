using System.CommandLine;
using Microsoft.Extensions.Logging;
using VxMesh.Agent.Dataplane;
using VxMesh.Agent.Reconcile;
using VxMesh.Agent.Registry;
using VxMesh.Agent.Runtime;
using VxMesh.Cli.Common;

namespace VxMesh.Cli.Commands;

/// <summary>`vxmesh agent`: keep this node's kernel matching the plan.</summary>
public static class AgentCommand
{
    public static Command Create()
    {
        var file = CommonOptions.InventoryFile();
        var node = new Option<string>("--node", "-n") { Description = "This node's name in the inventory", Required = true };
        var once = new Option<bool>("--once") { Description = "Reconcile once and exit (0 when the kernel matches the plan)" };
        var uninstall = new Option<bool>("--uninstall") { Description = "Remove everything VxMesh owns on this node and exit" };
        var resync = new Option<double>("--resync")
        {
            Description = "Seconds between full resyncs when nothing announced a change",
            DefaultValueFactory = _ => AgentOptions.Default.Resync.TotalSeconds,
        };
        var command = new Command("agent",
            "Reconcile this node's kernel state with the inventory: create the VXLAN device, an ARP and an FDB\n" +
            "entry per peer and a route per remote pod block; remove what is no longer planned. Adopts what\n" +
            "exists (never flushes) and touches only what VxMesh owns: its device and what lives on it, and\n" +
            $"routes/nexthops with protocol {VxMesh.Core.Model.Ownership.RouteProtocol}. An invalid inventory applies nothing (exit 2).\n\n" +
            "Without --once it keeps running: it reconciles when the inventory file changes, every --resync\n" +
            "seconds, and retries failures with backoff. Stop it with Ctrl-C or SIGTERM (state stays in place).\n\n" +
            "Examples:\n" +
            "  vxmesh agent -f mesh.yaml --node multicluster-test-001 --once\n" +
            "  vxmesh agent -f mesh.yaml --node multicluster-test-001 --uninstall")
        {
            file, node, once, uninstall, resync,
        };
        command.SetAction(async (parse, cancel) =>
        {
            RootCheck.Require("agent");
            var inventory = InventoryInput.Load(parse.GetValue(file)!);
            if (inventory is null)
            {
                return ExitCodes.InvalidInput;
            }
            var nodeName = InventoryInput.RequireNode(inventory, parse.GetValue(node)!).Node.Name;
            using var loggers = Logging.Create();
            var logger = loggers.CreateLogger("vxmesh.agent");
            using var dataplane = NetlinkDataplane.Open();
            var agent = new NodeAgent(dataplane, nodeName, logger);
            try
            {
                if (parse.GetValue(uninstall))
                {
                    return Summarize(agent.Uninstall(inventory), nodeName, "uninstall");
                }
                if (parse.GetValue(once))
                {
                    return Summarize(agent.Reconcile(inventory).Report, nodeName, "reconcile");
                }
                using var source = new FileInventorySource(parse.GetValue(file)!.ToString());
                using var feed = dataplane.OpenFeed(inventory.Mesh.Device);
                var options = AgentOptions.Default with { Resync = TimeSpan.FromSeconds(parse.GetValue(resync)) };
                logger.LogInformation("agent for node {Node} watching {Source}, resync every {Resync}s", nodeName, source.Description, options.Resync.TotalSeconds);
                await new AgentLoop(source, agent, options, logger, feed).RunAsync(cancel);
                return ExitCodes.Ok;
            }
            catch (DeviceConflictException e)
            {
                Console.Error.WriteLine($"vxmesh: {e.Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    private static int Summarize(ReconcileReport report, string node, string what)
    {
        var state = report.Converged ? "converged" : $"{report.Failures.Count} failed";
        Console.WriteLine($"{what} {node}: {report.Changes} changes, {state} ({report.Elapsed.TotalMilliseconds:F1} ms)");
        return report.Converged ? ExitCodes.Ok : ExitCodes.Failure;
    }
}
