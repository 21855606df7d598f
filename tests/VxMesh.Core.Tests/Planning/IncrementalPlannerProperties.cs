using FsCheck.Xunit;
using VxMesh.Core.Planning;
using VxMesh.Core.Tests.Support;

namespace VxMesh.Core.Tests.Planning;

/// <summary>
/// The incremental planner against the oracle of planning from scratch: after any sequence of
/// single-node edits its plan is equal to a fresh plan, and its scope names every key whose
/// entry differs from the previous plan — so a reconciler diffing only the scope misses nothing.
/// </summary>
public class IncrementalPlannerProperties
{
    [Property(Arbitrary = new[] { typeof(MeshArbitraries) }, MaxTest = 60)]
    public void Plan_AfterRandomEdits_EqualsAFreshPlanAndScopeCoversEveryChange(MeshShape shape, int seed)
    {
        var random = new Random(seed);
        var inventory = shape.Build();
        var self = inventory.Clusters[0].Nodes[0].Name;
        var planner = new IncrementalPlanner();
        var (first, firstScope) = planner.Plan(inventory, self);
        Assert.Null(firstScope);
        var previous = first;

        for (var step = 1; step <= 12; step++)
        {
            inventory = InventoryEdits.Apply(inventory, random, step);
            var (state, scope) = planner.Plan(inventory, self);
            var fresh = Planner.Plan(inventory, self);

            Assert.Equal(fresh, state);
            Assert.NotNull(scope);
            Assert.Subset(scope.NeighborIps, Changed(previous.Neighbors, state.Neighbors, n => n.Ip));
            Assert.Subset(scope.FdbMacs, Changed(previous.Fdb, state.Fdb, f => f.Mac));
            Assert.Subset(scope.RouteDestinations, Changed(previous.Routes, state.Routes, r => r.Destination));
            Assert.Equal(scope.Routes.OrderBy(r => r.Destination.ToString()), state.Routes.Where(r => scope.RouteDestinations.Contains(r.Destination)).OrderBy(r => r.Destination.ToString()));
            previous = state;
        }
    }

    [Property(Arbitrary = new[] { typeof(MeshArbitraries) }, MaxTest = 30)]
    public void Plan_MeshSettingsChanged_StartsAfreshWithoutScope(MeshShape shape)
    {
        var inventory = shape.Build();
        var self = inventory.Clusters[0].Nodes[0].Name;
        var planner = new IncrementalPlanner();
        planner.Plan(inventory, self);

        var (state, scope) = planner.Plan(inventory with { Mesh = inventory.Mesh with { Port = 4790 } }, self);

        Assert.Null(scope);
        Assert.Equal(4790, state.Device.Port);
    }

    private static HashSet<TKey> Changed<T, TKey>(IEnumerable<T> before, IEnumerable<T> after, Func<T, TKey> key) =>
        [.. before.Except(after).Concat(after.Except(before)).Select(key)];
}
