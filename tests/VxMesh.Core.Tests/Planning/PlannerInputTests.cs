using VxMesh.Core.Model;
using VxMesh.Core.Planning;
using VxMesh.Core.Tests.Support;

namespace VxMesh.Core.Tests.Planning;

/// <summary>What the planner takes from the inventory versus the node's observed facts.</summary>
public class PlannerInputTests
{
    private static Inventory NoUnderlayDev() =>
        MeshBuilder.WithVtepCidr("179.17.1.0/24")
            .Cluster("a", "10.1.0.0/16", "10.101.0.0/16", c => c.Node("a1", "192.168.0.11", ["10.1.1.0/24"]))
            .Cluster("b", "10.2.0.0/16", "10.102.0.0/16", c => c.Node("b1", "192.168.0.21", ["10.2.1.0/24"], underlayDev: "bond0"))
            .Build();

    [Fact]
    public void Plan_UnknownNode_ThrowsNamingNodeAndSource()
    {
        var error = Assert.Throws<ArgumentException>(() => Planner.Plan(ArticleMesh.Build(), "no-such-node"));

        Assert.Contains("no-such-node", error.Message);
        Assert.Contains(ArticleMesh.Build().Source, error.Message);
    }

    [Fact]
    public void Plan_InventoryOmitsUnderlayDev_TakesItFromFacts()
    {
        Assert.Null(Planner.Plan(NoUnderlayDev(), "a1").Device.UnderlayDev);
        Assert.Equal("ens3", Planner.Plan(NoUnderlayDev(), "a1", new NodeFacts("ens3", 1500)).Device.UnderlayDev);
    }

    [Fact]
    public void Plan_InventoryNamesUnderlayDev_WinsOverFacts()
    {
        var plan = Planner.Plan(NoUnderlayDev(), "b1", new NodeFacts("ens3", 1500));

        Assert.Equal("bond0", plan.Device.UnderlayDev);
    }

    [Fact]
    public void Plan_TxChecksumOffloadOff_CarriedToDevice()
    {
        var inventory = ArticleMesh.Builder().Mesh(m => m with { TxChecksumOffload = false }).Build();

        Assert.False(Planner.Plan(inventory, "multicluster-test-001").Device.TxChecksumOffload);
        Assert.True(Planner.Plan(ArticleMesh.Build(), "multicluster-test-001").Device.TxChecksumOffload);
    }

    [Fact]
    public void PlanAll_Article_OnePlanPerNodeInInventoryOrder()
    {
        var plans = Planner.PlanAll(ArticleMesh.Build());

        Assert.Equal(
            ["multicluster-test-001", "multicluster-test-002", "multicluster-test-003", "multicluster-test-004", "multicluster-test-005", "multicluster-test-006"],
            plans.Select(p => p.Node));
    }

    [Fact]
    public void Plan_ArticleNode001_PeersSortedByClusterThenNodeWithRoutedFlag()
    {
        var plan = Planner.Plan(ArticleMesh.Build(), "multicluster-test-001");

        Assert.Equal(
            [
                ("test-cluster1", "multicluster-test-002", false),
                ("test-cluster2", "multicluster-test-003", true),
                ("test-cluster2", "multicluster-test-004", true),
                ("test-cluster3", "multicluster-test-005", true),
                ("test-cluster3", "multicluster-test-006", true),
            ],
            plan.Peers.Select(p => (p.Cluster, p.Node, p.Routed)));
    }
}
