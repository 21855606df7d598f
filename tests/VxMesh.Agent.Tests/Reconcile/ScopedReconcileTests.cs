using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using VxMesh.Agent.Dataplane;
using VxMesh.Agent.Runtime;
using VxMesh.Agent.Tests.Fakes;
using VxMesh.Core.Model;

namespace VxMesh.Agent.Tests.Reconcile;

/// <summary>
/// Between resyncs the agent plans incrementally and diffs only the keys that changed. Over a
/// sequence of peer edits the kernel must end exactly where a full plan puts it, with the same
/// minimal ops, and without re-reading the kernel; a failed op must fall back to a full diff.
/// </summary>
public class ScopedReconcileTests
{
    private readonly FakeDataplane dataplane = FakeDataplane.ForNode(TestMesh.SelfUnderlay);

    [Fact]
    public void Reconcile_PeerEditsBetweenResyncs_SameOpsAsAFullDiffAndNoReobserving()
    {
        var agent = new NodeAgent(dataplane, TestMesh.Self, NullLogger.Instance);
        var referenceDataplane = FakeDataplane.ForNode(TestMesh.SelfUnderlay);
        var reference = new NodeAgent(referenceDataplane, TestMesh.Self, NullLogger.Instance);
        var inventory = TestMesh.Article();
        Assert.True(agent.Reconcile(inventory, resync: true).Report.Converged);
        reference.Reconcile(inventory, resync: true);
        var observes = dataplane.ObserveCount;

        var edits = new Func<Inventory, Inventory>[]
        {
            i => i.WithNodeAdded("test-cluster2", TestMesh.NewNode()),
            i => i.WithNode("multicluster-test-003", n => n with { Ip = IPAddress.Parse("192.168.0.116") }),
            i => i.WithNode("multicluster-test-004", n => n with { VtepMac = Mac.Parse("0a:00:00:00:00:44") }),
            i => i.WithNode("multicluster-test-005", n => n with { PodCidrs = ValueList.Of(IPNetwork.Parse("10.236.116.0/24")) }),
            i => i.WithoutNode("multicluster-test-006"),
            i => i.WithoutNode("multicluster-test-002"),
        };
        foreach (var edit in edits)
        {
            inventory = edit(inventory);
            var (_, report) = agent.Reconcile(inventory);
            var (_, full) = reference.Reconcile(inventory, resync: true);

            Assert.True(report.Converged, ReconcileHarness.Describe(report));
            KernelAssert.Matches(TestMesh.Plan(inventory), dataplane.Kernel);
            Assert.Equal(Sorted(full), Sorted(report));
        }
        Assert.Equal(observes, dataplane.ObserveCount);
    }

    private static IReadOnlyList<string> Sorted(Agent.Reconcile.ReconcileReport report) =>
        [.. report.Results.Select(r => r.Op.ToString()!).Order(StringComparer.Ordinal)];

    [Fact]
    public void Reconcile_OpFailsDuringScopedPass_NextPassDiffsEverythingAndConverges()
    {
        var agent = new NodeAgent(dataplane, TestMesh.Self, NullLogger.Instance);
        var inventory = TestMesh.Article();
        agent.Reconcile(inventory, resync: true);
        var grown = inventory.WithNodeAdded("test-cluster2", TestMesh.NewNode());
        dataplane.Faults.FailNext<ReplaceRoute>(1, Netlink.Errno.ENOBUFS);

        Assert.False(agent.Reconcile(grown).Report.Converged);
        var observes = dataplane.ObserveCount;
        var retry = agent.Reconcile(grown).Report;

        Assert.True(retry.Converged, ReconcileHarness.Describe(retry));
        Assert.Equal(observes + 1, dataplane.ObserveCount);
        KernelAssert.Matches(TestMesh.Plan(grown), dataplane.Kernel);
    }
}
