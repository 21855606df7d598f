using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using VxMesh.Agent.Dataplane;
using VxMesh.Agent.Runtime;
using VxMesh.Agent.Tests.Fakes;
using VxMesh.Core.Model;

namespace VxMesh.Agent.Tests.Reconcile;

/// <summary>
/// Between resyncs the agent plans only the peers a snapshot's delta names and hands their
/// fragments to the trackers. Over a sequence of peer edits the kernel must end exactly where a
/// full plan puts it, with the same minimal ops, and without re-reading the kernel; a failed op is
/// retried alone, and the model of everything else stays as it was.
/// </summary>
public class PeerDeltaTests
{
    private readonly FakeDataplane dataplane = FakeDataplane.ForNode(TestMesh.SelfUnderlay);
    private readonly FakeTimeProvider time = new();

    [Fact]
    public void Reconcile_PeerEditsBetweenResyncs_SameOpsAsAFullPlanAndNoReobserving()
    {
        var agent = new NodeAgent(dataplane, TestMesh.Self, NullLogger.Instance, time);
        var referenceDataplane = FakeDataplane.ForNode(TestMesh.SelfUnderlay);
        var reference = new NodeAgent(referenceDataplane, TestMesh.Self, NullLogger.Instance);
        var inventory = TestMesh.Article();
        var chain = new SnapshotChain(inventory);
        Assert.True(agent.Reconcile(chain.First(), resync: true).Report.Converged);
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
            var pass = agent.Reconcile(chain.Next(inventory));
            var (_, full) = reference.Reconcile(inventory, resync: true);

            Assert.True(pass.Incremental);
            Assert.True(pass.Report.Converged, ReconcileHarness.Describe(pass.Report));
            KernelAssert.Matches(TestMesh.Plan(inventory), dataplane.Kernel);
            Assert.Equal(Sorted(full), Sorted(pass.Report));
        }
        Assert.Equal(observes, dataplane.ObserveCount);
    }

    [Fact]
    public void Reconcile_MeshSettingChanged_WholePlan()
    {
        var agent = new NodeAgent(dataplane, TestMesh.Self, NullLogger.Instance, time);
        var chain = new SnapshotChain(TestMesh.Article());
        agent.Reconcile(chain.First(), resync: true);
        var jumbo = TestMesh.Article().WithMesh(m => m with { Mtu = 1400 });

        var pass = agent.Reconcile(chain.Next(jumbo));

        Assert.False(pass.Incremental);
        Assert.True(pass.Report.Converged, ReconcileHarness.Describe(pass.Report));
        KernelAssert.Matches(TestMesh.Plan(jumbo), dataplane.Kernel);
    }

    private static IReadOnlyList<string> Sorted(Agent.Reconcile.ReconcileReport report) =>
        [.. report.Results.Select(r => r.Op.ToString()!).Order(StringComparer.Ordinal)];

    /// <summary>The "done when": a failed item is retried alone while the other items converge.</summary>
    [Fact]
    public void Reconcile_OpFailsDuringADeltaPass_RetriedAloneLaterWithoutReobserving()
    {
        var agent = new NodeAgent(dataplane, TestMesh.Self, NullLogger.Instance, time);
        var chain = new SnapshotChain(TestMesh.Article());
        agent.Reconcile(chain.First(), resync: true);
        var grown = TestMesh.Article().WithNodeAdded("test-cluster2", TestMesh.NewNode());
        dataplane.Faults.FailNext<ReplaceRoute>(1, Netlink.Errno.ENOBUFS);

        var failed = agent.Reconcile(chain.Next(grown)).Report;
        Assert.False(failed.Converged);
        Assert.Equal(1, failed.Pending);
        // ARP, FDB, nexthop, ingress element, and cluster 2's group gaining the node.
        Assert.Equal(5, failed.Changes);
        var observes = dataplane.ObserveCount;
        dataplane.ClearLog();
        time.Advance(TimeSpan.FromMinutes(1));
        var retry = agent.Reconcile(chain.Next(grown)).Report;

        Assert.True(retry.Converged, ReconcileHarness.Describe(retry));
        Assert.Equal([typeof(ReplaceRoute)], retry.Results.Select(r => r.Op.GetType()));
        Assert.Equal(observes, dataplane.ObserveCount);
        KernelAssert.Matches(TestMesh.Plan(grown), dataplane.Kernel);
    }
}
