using Microsoft.Extensions.Logging.Abstractions;
using VxMesh.Agent.Runtime;
using VxMesh.Agent.Tests.Fakes;

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
}
