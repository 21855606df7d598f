using System.Net;
using VxMesh.Agent.Dataplane;
using VxMesh.Agent.Tests.Fakes;
using VxMesh.Core.Planning;

namespace VxMesh.Agent.Tests.Reconcile;

/// <summary>The device's address is exactly the planned one.</summary>
public class AddressDriftTests
{
    private const string Dev = TestMesh.Device;
    private static readonly InterfaceAddress Ours = new(IPAddress.Parse("179.17.1.21"), 24);
    private static readonly InterfaceAddress Other = new(IPAddress.Parse("179.17.1.99"), 24);

    [Fact]
    public void Reconcile_AddressReplacedByHand_OursBackAndFlushedArpReprogrammed()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        harness.Kernel.DeleteAddress(Dev, Ours);
        harness.Kernel.ReplaceAddress(Dev, Other);

        var report = harness.Resync(TestMesh.Article());

        Assert.True(report.Converged, ReconcileHarness.Describe(report));
        var ops = ReconcileHarness.Ops(report);
        Assert.Contains(new DeleteAddress(Dev, Other), ops);
        Assert.Contains(new ReplaceAddress(Dev, Ours), ops);
        KernelAssert.Matches(TestMesh.Plan(TestMesh.Article()), harness.Kernel);
    }

    [Fact]
    public void Reconcile_ExtraAddressAdded_OnlyExtraDeleted()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        var extra = new InterfaceAddress(IPAddress.Parse("198.51.100.1"), 24);
        harness.Kernel.ReplaceAddress(Dev, extra);

        var report = harness.Resync(TestMesh.Article());

        Assert.Equal([new DeleteAddress(Dev, extra)], ReconcileHarness.Ops(report));
        KernelAssert.Matches(TestMesh.Plan(TestMesh.Article()), harness.Kernel);
    }

    [Fact]
    public void Reconcile_AddressDeleted_AddedBackWithArp()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        harness.Kernel.DeleteAddress(Dev, Ours);

        var report = harness.Resync(TestMesh.Article());

        Assert.True(report.Converged, ReconcileHarness.Describe(report));
        Assert.Equal(new ReplaceAddress(Dev, Ours), report.Results[0].Op);
        KernelAssert.Matches(TestMesh.Plan(TestMesh.Article()), harness.Kernel);
    }
}
