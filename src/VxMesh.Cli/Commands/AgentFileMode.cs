using System.CommandLine;
using Microsoft.Extensions.Logging;
using VxMesh.Agent.Dataplane;
using VxMesh.Agent.Reconcile;
using VxMesh.Agent.Registry;
using VxMesh.Agent.Runtime;
using VxMesh.Cli.Common;

namespace VxMesh.Cli.Commands;

/// <summary>`vxmesh agent -f FILE`: the mesh comes from an inventory file, watched for changes.</summary>
public static class AgentFileMode
{
    public static async Task<int> RunAsync(ParseResult parse, AgentOptionSet o, FileInfo file, AgentOptions options, CancellationToken cancel)
    {
        var inventory = InventoryInput.Load(file);
        if (inventory is null)
        {
            return ExitCodes.InvalidInput;
        }
        var nodeName = InventoryInput.RequireNode(inventory, o.RequireNode(parse, kubernetes: false)).Node.Name;
        using var instance = AgentCommand.HoldNamespace();
        if (instance is null)
        {
            return ExitCodes.Failure;
        }
        using var loggers = Logging.Create();
        var logger = loggers.CreateLogger("vxmesh.agent");
        using var dataplane = NetlinkDataplane.Open();
        var agent = new NodeAgent(dataplane, nodeName, logger, retry: options.ItemRetry);
        try
        {
            if (parse.GetValue(o.Uninstall))
            {
                return AgentReport.Summarize(agent.Uninstall(inventory), nodeName, "uninstall");
            }
            if (parse.GetValue(o.Once))
            {
                return AgentReport.Summarize(agent.Reconcile(inventory).Report, nodeName, "reconcile");
            }
            using var source = new FileInventorySource(file.ToString());
            using var feed = dataplane.OpenFeed(inventory.Mesh.Device);
            AgentStartLog.WatchingFile(logger, nodeName, source.Description, options.Resync.TotalSeconds);
            using var loop = new AgentLoop(source, agent, options, logger, feed) { Probes = AgentServing.Table(parse, o) };
            await using var serving = AgentServing.Start(parse, o, loop, options, logger, inventory.FindNode(nodeName)!.Value.Cluster.Name, nodeName);
            await loop.RunAsync(cancel);
            return ExitCodes.Ok;
        }
        catch (DeviceConflictException e)
        {
            Console.Error.WriteLine($"vxmesh: {e.Message}");
            return ExitCodes.Failure;
        }
    }
}
