using VxMesh.Agent.Dataplane;
using VxMesh.Agent.Reconcile;
using VxMesh.Agent.Tests.Fakes;

namespace VxMesh.Agent.Tests.Reconcile;

/// <summary>
/// A VXLAN device whose identity (VNI, port, local, underlay, learning) differs cannot be
/// fixed in place: it is deleted and recreated. A device of another kind is not ours to
/// delete: the reconciler refuses and changes nothing.
/// </summary>
public class DeviceIdentityTests
{
    private const string Dev = TestMesh.Device;
    private const string Mac001 = "c2:6a:9b:e5:39:8d";

    public static TheoryData<string, uint, int, string, string?, bool> Incompatible => new()
    {
        { "other VNI", 42, 4899, "192.168.0.21", "eth0", false },
        { "other port", 10001, 4789, "192.168.0.21", "eth0", false },
        { "other local", 10001, 4899, "192.168.0.99", "eth0", false },
        { "other underlay", 10001, 4899, "192.168.0.21", "lo", false },
        { "learning on", 10001, 4899, "192.168.0.21", "eth0", true },
    };

    [Theory]
    [MemberData(nameof(Incompatible))]
    public void Reconcile_IncompatibleVxlanDevice_DeletedAndRecreated(string why, uint vni, int port, string local, string? underlay, bool learning)
    {
        var harness = new ReconcileHarness();
        harness.Kernel.AddVxlan(Dev, vni, port, local, underlay, Mac001, learning: learning);

        var report = harness.Reconcile(TestMesh.Article());

        Assert.True(report.Converged, $"{why}:\n{ReconcileHarness.Describe(report)}");
        var ops = ReconcileHarness.Ops(report);
        Assert.Equal(new DeleteDevice(Dev), ops[0]);
        Assert.IsType<CreateDevice>(ops[1]);
        KernelAssert.Matches(TestMesh.Plan(TestMesh.Article()), harness.Kernel);
    }

    [Fact]
    public void Reconcile_CompatibleVxlanDeviceLeftByTheArticle_AdoptedNotRecreated()
    {
        var harness = new ReconcileHarness();
        harness.Kernel.AddVxlan(Dev, 10001, 4899, "192.168.0.21", "eth0", Mac001, mtu: 1450);

        var report = harness.Reconcile(TestMesh.Article());

        Assert.True(report.Converged, ReconcileHarness.Describe(report));
        Assert.DoesNotContain(ReconcileHarness.Ops(report), o => o is DeleteDevice or CreateDevice or SetDevice);
        KernelAssert.Matches(TestMesh.Plan(TestMesh.Article()), harness.Kernel);
    }

    [Theory]
    [InlineData("bridge")]
    [InlineData(null)]
    public void Reconcile_DeviceOfAnotherKind_ThrowsAndChangesNothing(string? kind)
    {
        var harness = new ReconcileHarness();
        harness.Kernel.AddLink(Dev, kind);
        var before = harness.Kernel.Dump();

        var error = Assert.Throws<DeviceConflictException>(() => harness.Reconcile(TestMesh.Article()));

        Assert.Contains(Dev, error.Message);
        Assert.Empty(harness.Dataplane.Log);
        Assert.Equal(before, harness.Kernel.Dump());
    }
}
