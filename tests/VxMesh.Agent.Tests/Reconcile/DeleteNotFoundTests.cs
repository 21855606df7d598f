using System.Net;
using VxMesh.Agent.Tests.Fakes;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;

namespace VxMesh.Agent.Tests.Reconcile;

/// <summary>
/// Deleting what is already gone is done (DataplaneOp.IsDelete; felix: ENOENT/ESRCH on
/// delete = success). Here the object vanishes between observe and apply — another actor,
/// or the kernel itself — and the kernel answers the delete with its not-found errno.
/// The reconciler must report the pass converged, whatever IDataplane it runs on.
/// </summary>
public class DeleteNotFoundTests
{
    private const string Dev = TestMesh.Device;

    public static TheoryData<string> Vanishing => ["route", "fdb", "neighbor", "nexthop", "address", "device"];

    [Theory]
    [MemberData(nameof(Vanishing))]
    public void Reconcile_ObjectVanishesBeforeItsDelete_CountsAsDone(string what)
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        var target = Arrange(harness, what);

        var report = harness.Resync(target);

        Assert.Contains(report.Results, r => r.Op.IsDelete);
        Assert.True(report.Converged, ReconcileHarness.Describe(report));
        KernelAssert.Matches(TestMesh.Plan(target), harness.Kernel);
    }

    /// <summary>Sets up a pass that deletes one kind of object, and makes that object disappear just before the pass applies.</summary>
    private static Inventory Arrange(ReconcileHarness harness, string what)
    {
        var k = harness.Kernel;
        var withoutPeer = TestMesh.Article().WithoutNode("multicluster-test-003");
        var nexthop = k.Route("10.235.88.0/24")!.NexthopId!.Value;
        switch (what)
        {
            case "route":
                harness.Dataplane.BeforeNextApply = kernel => kernel.DeleteRoute(IPNetwork.Parse("10.235.88.0/24"), Ownership.RouteProtocol);
                return withoutPeer;
            case "fdb":
                harness.Dataplane.BeforeNextApply = kernel => kernel.DeleteFdb(Dev, Mac.Parse("36:f9:67:c0:70:1c"), IPAddress.Parse("192.168.0.16"));
                return withoutPeer;
            case "neighbor":
                harness.Dataplane.BeforeNextApply = kernel => kernel.DeleteNeighbor(Dev, IPAddress.Parse("179.17.1.16"));
                return withoutPeer;
            case "nexthop":
                harness.Dataplane.BeforeNextApply = kernel => kernel.DeleteNexthop(nexthop);
                return withoutPeer;
            case "address":
                var extra = new InterfaceAddress(IPAddress.Parse("198.51.100.1"), 24);
                k.ReplaceAddress(Dev, extra);
                harness.Dataplane.BeforeNextApply = kernel => kernel.DeleteAddress(Dev, extra);
                return TestMesh.Article();
            default:
                harness.Dataplane.BeforeNextApply = kernel => kernel.DeleteLink(Dev);
                return TestMesh.Article().WithMesh(m => m with { Vni = 10002 });
        }
    }
}
