using System.Net;
using VxMesh.Bench.ControlPlane;
using VxMesh.Core.Loading;
using VxMesh.Core.Planning;

namespace VxMesh.Bench.Tests;

public sealed class SyntheticMeshTests
{
    [Fact]
    public void Build_TenThousandPeers_EveryPeerCostsFourEntriesOnSelf()
    {
        var state = Planner.Plan(SyntheticMesh.Build(10_000), SyntheticMesh.Self, new NodeFacts("eth0", 1500));

        Assert.Equal(10_000, state.Neighbors.Count);
        Assert.Equal(10_000, state.Fdb.Count);
        Assert.Equal(10_000, state.Routes.Count);
        Assert.Equal(10_000, state.Routes.Select(r => r.Gateway).Distinct().Count());
    }

    [Fact]
    public void Build_AnyPeerCount_OnlyLabAndTestNetAddresses()
    {
        var lab = IPNetwork.Parse("198.18.0.0/15");
        var testNet = IPNetwork.Parse("192.0.2.0/24");
        var inventory = SyntheticMesh.Build(SyntheticMesh.MaxPeers);

        foreach (var (cluster, node) in inventory.AllNodes)
        {
            Assert.True(lab.Contains(node.Ip));
            Assert.True(lab.Contains(Planner.VtepAddress(inventory.Mesh, node)) || testNet.Contains(Planner.VtepAddress(inventory.Mesh, node)));
            Assert.All(node.PodCidrs, b => Assert.True(lab.Contains(b.BaseAddress) || testNet.Contains(b.BaseAddress), $"{b} of {cluster.Name}"));
        }
    }

    [Fact]
    public void Build_MorePeersThanAVtepRangeWouldHold_ValidatesAsAnInventoryFile()
    {
        var inventory = SyntheticMesh.Build(20_000);
        var yaml = SyntheticMesh.Yaml(inventory);

        var loaded = InventoryLoader.Parse(yaml, "synthetic.yaml");

        Assert.True(loaded.Ok, string.Join("\n", loaded.Problems.Take(5)));
        Assert.Equal(inventory.Clusters[1].Nodes, loaded.Inventory!.Clusters[1].Nodes);
    }

    [Fact]
    public void WithExtraPeer_Grown_AddsExactlyOneRouteAndKeepsTheRest()
    {
        var inventory = SyntheticMesh.Build(100);
        var before = Planner.Plan(inventory, SyntheticMesh.Self);
        var after = Planner.Plan(SyntheticMesh.WithExtraPeer(inventory), SyntheticMesh.Self);

        Assert.Equal(before.Routes.Count + 1, after.Routes.Count);
        Assert.Empty(before.Routes.Except(after.Routes));
        Assert.Empty(before.Neighbors.Except(after.Neighbors));
    }

    [Fact]
    public void BatchBaseline_Plan_OneLinePerEntryWithNexthopObjects()
    {
        var state = Planner.Plan(SyntheticMesh.Build(10), SyntheticMesh.Self, new NodeFacts("eth0", 1500));

        var ip = BatchBaseline.IpBatch(state).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var bridge = BatchBaseline.BridgeBatch(state).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        // The same marks the agent sets (protocol 118, extern_learn), so both paths program the same state.
        Assert.Equal(10, ip.Count(l => l.StartsWith("neigh replace ") && l.EndsWith(" nud permanent protocol 118")));
        Assert.Equal(10, ip.Count(l => l.StartsWith("nexthop replace id ")));
        Assert.Equal(10, ip.Count(l => l.StartsWith("route replace ") && l.Contains(" nhid ")));
        Assert.Equal(10, bridge.Count(l => l.StartsWith("fdb replace ") && l.EndsWith(" self permanent extern_learn")));
        Assert.StartsWith("link add vxbench0 type vxlan id 4242", ip[0]);
    }
}
