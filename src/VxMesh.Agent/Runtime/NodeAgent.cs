using Microsoft.Extensions.Logging;
using VxMesh.Agent.Dataplane;
using VxMesh.Agent.Reconcile;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;

namespace VxMesh.Agent.Runtime;

/// <summary>
/// One pass for one node: read the node's facts from its kernel, plan, reconcile. The data
/// flows one way — inventory → planner → reconciler → kernel — and this is where it is wired.
/// </summary>
public sealed class NodeAgent(IDataplane dataplane, string nodeName, ILogger logger)
{
    private readonly Reconciler reconciler = new(dataplane, logger);

    public string NodeName => nodeName;

    /// <summary>The node's plan given what its kernel says about the underlay.</summary>
    public NodeState Plan(Inventory inventory)
    {
        var (_, node) = inventory.FindNode(nodeName)
            ?? throw new InvalidOperationException($"node '{nodeName}' is not in {inventory.Source}");
        return Planner.Plan(inventory, nodeName, dataplane.DiscoverFacts(node.Ip, node.UnderlayDev));
    }

    public (NodeState State, ReconcileReport Report) Reconcile(Inventory inventory)
    {
        var state = Plan(inventory);
        return (state, reconciler.Reconcile(state));
    }

    public ReconcileReport Uninstall(Inventory inventory) => reconciler.Uninstall(inventory.Mesh.Device);
}
