using VxMesh.Agent.Dataplane;
using VxMesh.Agent.Tests.Fakes;

namespace VxMesh.Agent.Tests.Reconcile;

/// <summary>From nothing to the plan in one pass, and nothing to do on the next.</summary>
public class ConvergenceTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reconcile_EmptyKernel_OnePassLeavesExactlyThePlan(bool onlink)
    {
        var harness = new ReconcileHarness();
        var plan = TestMesh.Plan(TestMesh.Article(onlink));

        var report = harness.Reconciler.Reconcile(plan);

        Assert.True(report.Converged, ReconcileHarness.Describe(report));
        KernelAssert.Matches(plan, harness.Kernel);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reconcile_SecondPass_ZeroOps(bool onlink)
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article(onlink));
        var before = harness.Kernel.Dump();

        var report = harness.Reconcile(TestMesh.Article(onlink));

        Assert.Empty(report.Results);
        Assert.True(report.Converged);
        Assert.Equal(0, report.Changes);
        Assert.Equal(before, harness.Kernel.Dump());
    }

    [Fact]
    public void Reconcile_EmptyKernel_OneOpPerObjectOfTheArticle()
    {
        var harness = new ReconcileHarness();

        var report = harness.Reconcile(TestMesh.Article());

        var kinds = ReconcileHarness.Ops(report).GroupBy(o => o.GetType().Name).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(
            new Dictionary<string, int>
            {
                [nameof(CreateDevice)] = 1,
                [nameof(SetDevice)] = 1,
                [nameof(ReplaceAddress)] = 1,
                [nameof(ReplaceIngressFilter)] = 1,
                [nameof(ReplaceNeighbor)] = 5,
                [nameof(ReplaceFdb)] = 5,
                [nameof(SetSysctl)] = 1,
                [nameof(ReplaceNexthop)] = 4,
                [nameof(ReplaceNexthopGroup)] = 2,
                [nameof(ReplaceRoute)] = 6,
            },
            kinds);
        Assert.Equal(27, report.Changes);
    }

    [Fact]
    public void Reconcile_EmptyKernel_UnderlayUntouched()
    {
        var harness = new ReconcileHarness();
        var eth0 = harness.Kernel.Link("eth0");
        var eth0Addresses = harness.Kernel.AddressesOn("eth0");

        harness.Reconcile(TestMesh.Article());

        Assert.Equal(eth0, harness.Kernel.Link("eth0"));
        Assert.Equal(eth0Addresses, harness.Kernel.AddressesOn("eth0"));
    }

    [Fact]
    public void Reconcile_TxChecksumOffloadOffOnFreshDevice_TurnedOff()
    {
        var harness = new ReconcileHarness();
        var inventory = TestMesh.Article().WithMesh(m => m with { TxChecksumOffload = false });

        var report = harness.Reconcile(inventory);

        Assert.True(report.Converged, ReconcileHarness.Describe(report));
        Assert.False(harness.Kernel.Link(TestMesh.Device)!.TxChecksum);
        KernelAssert.Matches(TestMesh.Plan(inventory), harness.Kernel);
    }
}
