using System.Net;
using VxMesh.Agent.Dataplane;
using VxMesh.Agent.Tests.Fakes;
using VxMesh.Core.Planning;

namespace VxMesh.Agent.Tests.Reconcile;

/// <summary>
/// The order the kernel needs: route deletes before nexthop deletes (a nexthop delete takes
/// its routes along), nexthop deletes only after the route upserts that move routes off them,
/// ARP and FDB before the routes that use them, the address before gateway nexthops.
/// </summary>
public class OpOrderingTests
{
    [Fact]
    public void Reconcile_MixedChanges_DeletesAndUpsertsInKernelOrder()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        harness.Kernel.ReplaceAddress(TestMesh.Device, new InterfaceAddress(IPAddress.Parse("198.51.100.1"), 24));
        var target = TestMesh.Article()
            .WithoutNode("multicluster-test-003")
            .WithNodeAdded("test-cluster2", TestMesh.NewNode())
            .WithNode("multicluster-test-004", n => n with { Ip = IPAddress.Parse("192.168.0.144") })
            .WithNode("multicluster-test-005", n => n with { VtepIp = IPAddress.Parse("179.17.1.115") });

        var ops = ReconcileHarness.Ops(harness.Resync(target)).ToList();

        AssertBefore<DeleteRoute, DeleteNexthop>(ops);
        AssertBefore<ReplaceRoute, DeleteNexthop>(ops);
        AssertBefore<ReplaceNeighbor, ReplaceRoute>(ops);
        AssertBefore<ReplaceFdb, ReplaceRoute>(ops);
        AssertBefore<ReplaceNexthop, ReplaceRoute>(ops);
        AssertBefore<DeleteRoute, ReplaceRoute>(ops);
        KernelAssert.Matches(TestMesh.Plan(target), harness.Kernel);
    }

    [Fact]
    public void Reconcile_EmptyKernel_DeviceAddressArpFdbNexthopsRoutes()
    {
        var harness = new ReconcileHarness();

        var ops = ReconcileHarness.Ops(harness.Resync(TestMesh.Article())).ToList();

        AssertBefore<CreateDevice, SetDevice>(ops);
        AssertBefore<SetDevice, ReplaceAddress>(ops);
        AssertBefore<ReplaceAddress, ReplaceNeighbor>(ops);
        AssertBefore<ReplaceNeighbor, ReplaceFdb>(ops);
        AssertBefore<ReplaceFdb, ReplaceNexthop>(ops);
        AssertBefore<ReplaceNexthop, ReplaceRoute>(ops);
    }

    /// <summary>Every op of kind <typeparamref name="TFirst"/> precedes every op of kind <typeparamref name="TThen"/>; both occur.</summary>
    private static void AssertBefore<TFirst, TThen>(List<DataplaneOp> ops)
    {
        var first = ops.FindLastIndex(o => o is TFirst);
        var then = ops.FindIndex(o => o is TThen);
        Assert.True(first >= 0, $"no {typeof(TFirst).Name} in:\n{string.Join("\n", ops)}");
        Assert.True(then >= 0, $"no {typeof(TThen).Name} in:\n{string.Join("\n", ops)}");
        Assert.True(first < then, $"{ops[first]} comes after {ops[then]}:\n{string.Join("\n", ops)}");
    }
}
