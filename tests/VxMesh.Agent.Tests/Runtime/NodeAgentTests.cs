using Microsoft.Extensions.Logging.Abstractions;
using VxMesh.Agent.Runtime;
using VxMesh.Agent.Tests.Fakes;
using VxMesh.Core.Model;

namespace VxMesh.Agent.Tests.Runtime;

/// <summary>NodeAgent plans with what the node's own kernel says about its underlay.</summary>
public class NodeAgentTests
{
    [Fact]
    public void Reconcile_JumboUnderlay_DeviceMtuFollowsIt()
    {
        var dataplane = FakeDataplane.ForNode(TestMesh.SelfUnderlay, mtu: 9000);
        var agent = new NodeAgent(dataplane, TestMesh.Self, NullLogger.Instance);

        var (state, report) = agent.Reconcile(TestMesh.Article(), resync: true);

        Assert.True(report.Converged);
        Assert.Equal(8950, state.Device.Mtu);
        Assert.False(state.Mtu.UnderlayMtuAssumed);
        Assert.Equal(8950, dataplane.Kernel.Link(TestMesh.Device)!.Mtu);
    }

    [Fact]
    public void Reconcile_UnderlayMtuChangedThenResync_DeviceMtuFollows()
    {
        var dataplane = FakeDataplane.ForNode(TestMesh.SelfUnderlay);
        var agent = new NodeAgent(dataplane, TestMesh.Self, NullLogger.Instance);
        agent.Reconcile(TestMesh.Article(), resync: true);
        dataplane.Kernel.SetLink("eth0", mtu: 9000);

        var (state, report) = agent.Reconcile(TestMesh.Article(), resync: true);

        Assert.True(report.Converged);
        Assert.Equal(8950, state.Device.Mtu);
        Assert.Equal(8950, dataplane.Kernel.Link(TestMesh.Device)!.Mtu);
    }

    [Fact]
    public void Plan_NodeNotInInventory_ThrowsNamingIt()
    {
        var agent = new NodeAgent(FakeDataplane.ForNode(TestMesh.SelfUnderlay), TestMesh.Self, NullLogger.Instance);

        var error = Assert.Throws<InvalidOperationException>(() => agent.Plan(TestMesh.Article().WithoutNode(TestMesh.Self)));

        Assert.Contains(TestMesh.Self, error.Message);
    }

    [Fact]
    public void Uninstall_AfterReconcile_RemovesTheMeshDevice()
    {
        var dataplane = FakeDataplane.ForNode(TestMesh.SelfUnderlay);
        var agent = new NodeAgent(dataplane, TestMesh.Self, NullLogger.Instance);
        agent.Reconcile(TestMesh.Article(), resync: true);

        var report = agent.Uninstall(TestMesh.Article());

        Assert.True(report.Converged);
        Assert.Null(dataplane.Kernel.Link(TestMesh.Device));
    }

    [Fact]
    public void Reconcile_PeerWithdrawnThenBack_LeavesItsClustersServiceGroupAndReturns_BlocksStayRouted()
    {
        var dataplane = FakeDataplane.ForNode(TestMesh.SelfUnderlay);
        var agent = new NodeAgent(dataplane, TestMesh.Self, NullLogger.Instance);
        agent.Reconcile(TestMesh.Article(), resync: true);
        IEnumerable<string> Members() => dataplane.Kernel.Group(dataplane.Kernel.Route("10.235.0.0/18")!.NexthopId!.Value)!.Members
            .Select(m => dataplane.Kernel.Nexthop(m)!.Gateway.ToString()).Order(StringComparer.Ordinal);
        Assert.Equal(["179.17.1.16", "179.17.1.44"], Members());

        agent.Withdrawn = ValueList.Of("multicluster-test-003");
        var (_, withdrawn) = agent.Reconcile(TestMesh.Article());

        Assert.True(withdrawn.Converged);
        Assert.Single(Members());
        Assert.NotNull(dataplane.Kernel.Route("10.235.88.0/24"));

        agent.Withdrawn = ValueList<string>.Empty;
        agent.Reconcile(TestMesh.Article());

        Assert.Equal(["179.17.1.16", "179.17.1.44"], Members());
    }
}
