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
public sealed partial class NodeAgent(IDataplane dataplane, string nodeName, ILogger logger)
{
    private readonly Reconciler reconciler = new(dataplane, logger);
    private readonly IncrementalPlanner planner = new();
    private NodeFacts? facts;
    private Core.Model.ValueList<string> warned = Core.Model.ValueList<string>.Empty;

    public string NodeName => nodeName;

    /// <summary>The node's plan given what its kernel says about the underlay (re-read when <paramref name="refreshFacts"/>).</summary>
    public NodeState Plan(Inventory inventory, bool refreshFacts = true) =>
        Planner.Plan(inventory, nodeName, Facts(inventory, refreshFacts));

    /// <summary>The underlay device, MTU and subnet, read from the kernel when asked (a resync) or never read yet.</summary>
    private NodeFacts Facts(Inventory inventory, bool refresh)
    {
        var (_, node) = inventory.FindNode(nodeName)
            ?? throw new InvalidOperationException($"node '{nodeName}' is not in {inventory.Source}");
        if (refresh || facts is null)
        {
            facts = dataplane.DiscoverFacts(node.Ip, node.UnderlayDev);
        }
        return facts;
    }

    /// <param name="resync">Re-read the kernel instead of trusting the reconciler's model of it.</param>
    public (NodeState State, ReconcileReport Report) Reconcile(Inventory inventory, bool resync = false)
    {
        var current = Facts(inventory, resync);
        try
        {
            var (state, scope) = planner.Plan(inventory, nodeName, current);
            if (!state.Warnings.Equals(warned))
            {
                foreach (var warning in state.Warnings)
                {
                    LogPlanWarning(warning);
                }
                warned = state.Warnings;
            }
            var report = reconciler.Reconcile(state, resync, scope);
            if (!report.Converged)
            {
                // The next scope would be relative to a plan the kernel does not hold.
                planner.Reset();
            }
            return (state, report);
        }
        catch
        {
            planner.Reset();
            throw;
        }
    }

    /// <summary>Kernel notifications since the last pass; true when they force a resync.</summary>
    public bool Absorb(IReadOnlyList<DataplaneEvent> events) => reconciler.Absorb(events);

    public ReconcileReport Uninstall(Inventory inventory) => reconciler.Uninstall(inventory.Mesh.Device);

    [LoggerMessage(EventId = 210, Level = LogLevel.Warning, Message = "plan: {Warning}")]
    private partial void LogPlanWarning(string warning);
}
