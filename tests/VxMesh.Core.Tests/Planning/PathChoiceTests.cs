using System.Net;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;
using VxMesh.Core.Tests.Support;

namespace VxMesh.Core.Tests.Planning;

/// <summary>host-gw where the peer is one L2 hop away, vxlan elsewhere — decided per peer from the node's facts.</summary>
public sealed class PathChoiceTests
{
    private static readonly NodeFacts OnSegment = new("eth0", 1500, IPNetwork.Parse("192.168.0.0/25"));

    private static Inventory Article(Backend backend) => ArticleMesh.Build() with { Mesh = ArticleMesh.Build().Mesh with { Backend = backend } };

    [Fact]
    public void Plan_AutoWithHalfThePeersOnTheSubnet_HostGwForThoseVxlanForTheRest()
    {
        // Node 001 is 192.168.0.21 on a /28 (.16–.31): of the other clusters' nodes only 003 (.16) shares it.
        var narrow = OnSegment with { UnderlaySubnet = IPNetwork.Parse("192.168.0.16/28") };

        var state = Planner.Plan(Article(Backend.Auto), "multicluster-test-001", narrow);

        var byPeer = state.Peers.Where(p => p.Routed).ToDictionary(p => p.Node, p => p.Path);
        Assert.Equal(PeerPath.HostGw, byPeer["multicluster-test-003"]);
        Assert.Equal(PeerPath.Vxlan, byPeer["multicluster-test-004"]);
        Assert.Equal(PeerPath.Vxlan, byPeer["multicluster-test-005"]);
        Assert.Equal(PeerPath.Vxlan, byPeer["multicluster-test-006"]);
        var viaUnderlay = state.Routes.Single(r => r.Destination.ToString() == "10.235.88.0/24");
        Assert.Equal((IPAddress.Parse("192.168.0.16"), "eth0", false), (viaUnderlay.Gateway, viaUnderlay.Device, viaUnderlay.Onlink));
        var viaVxlan = state.Routes.Single(r => r.Destination.ToString() == "10.236.115.0/24");
        Assert.Equal((IPAddress.Parse("179.17.1.15"), "vxlan-test"), (viaVxlan.Gateway, viaVxlan.Device));
    }

    [Fact]
    public void Plan_HostGwWithAPeerOffTheSubnet_ThrowsNamingThePeer()
    {
        var narrow = OnSegment with { UnderlaySubnet = IPNetwork.Parse("192.168.0.16/28") };

        var error = Assert.Throws<PlanningException>(() => Planner.Plan(Article(Backend.HostGw), "multicluster-test-001", narrow));

        Assert.Contains("multicluster-test-00", error.Message);
        Assert.Contains("192.168.0.16/28", error.Message);
        Assert.Contains("auto", error.Message);
    }

    [Fact]
    public void Plan_HostGwEveryPeerOnTheSubnet_AllRoutesViaUnderlayAndArpFdbStillPlanned()
    {
        var state = Planner.Plan(Article(Backend.HostGw), "multicluster-test-001", OnSegment);

        Assert.All(state.Routes, r => Assert.Equal("eth0", r.Device));
        Assert.Equal(5, state.Neighbors.Count);
        Assert.Equal(5, state.Fdb.Count);
        Assert.Empty(state.Warnings);
    }

    [Theory]
    [InlineData(Backend.Auto, "every peer shows vxlan")]
    [InlineData(Backend.HostGw, "not checked")]
    public void Plan_NonVxlanBackendWithoutFacts_WarnsThatTheAgentDecides(Backend backend, string text)
    {
        var state = Planner.Plan(Article(backend), "multicluster-test-001");

        Assert.Contains(state.Warnings, w => w.Contains(text));
    }

    [Fact]
    public void Plan_OwnClusterPeer_NeverHostGwBecauseItIsNotRouted()
    {
        var state = Planner.Plan(Article(Backend.HostGw), "multicluster-test-001", OnSegment);

        Assert.Equal(PeerPath.Vxlan, state.Peers.Single(p => p.Node == "multicluster-test-002").Path);
    }
}
