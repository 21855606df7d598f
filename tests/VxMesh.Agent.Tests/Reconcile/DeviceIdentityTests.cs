using VxMesh.Agent.Dataplane;
using VxMesh.Agent.Reconcile;
using VxMesh.Agent.Tests.Fakes;
using VxMesh.Core.Model;

namespace VxMesh.Agent.Tests.Reconcile;

/// <summary>
/// A VXLAN device of ours (alias vxmesh) whose identity (VNI, port, local, underlay, learning) differs
/// cannot be fixed in place: it is deleted and recreated. An unmarked one that differs, or one with
/// someone else's alias, or a device of another kind is not ours: the reconciler refuses and changes
/// nothing. An unmarked one that matches (an older agent's) is adopted and marked.
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
    public void Reconcile_IncompatibleMarkedVxlanDevice_DeletedAndRecreated(string why, uint vni, int port, string local, string? underlay, bool learning)
    {
        var harness = new ReconcileHarness();
        harness.Kernel.AddVxlan(Dev, vni, port, local, underlay, Mac001, learning: learning, alias: Ownership.DeviceAlias);

        var report = harness.Reconcile(TestMesh.Article());

        Assert.True(report.Converged, $"{why}:\n{ReconcileHarness.Describe(report)}");
        var ops = ReconcileHarness.Ops(report);
        Assert.Equal(new DeleteDevice(Dev), ops[0]);
        Assert.IsType<CreateDevice>(ops[1]);
        KernelAssert.Matches(TestMesh.Plan(TestMesh.Article()), harness.Kernel);
    }

    [Theory]
    [MemberData(nameof(Incompatible))]
    public void Reconcile_IncompatibleUnmarkedVxlanDevice_ThrowsAndChangesNothing(string why, uint vni, int port, string local, string? underlay, bool learning)
    {
        var harness = new ReconcileHarness();
        harness.Kernel.AddVxlan(Dev, vni, port, local, underlay, Mac001, learning: learning);
        var before = harness.Kernel.Dump();

        var error = Assert.Throws<DeviceConflictException>(() => harness.Reconcile(TestMesh.Article()));

        Assert.Contains($"device {Dev} exists without VxMesh's mark", error.Message);
        Assert.Contains(why == "learning on" ? "learning on" : why.Split(' ')[1] switch { "VNI" => "id 42", "port" => "dstport 4789", "local" => "local 192.168.0.99", _ => "dev lo" }, error.Message);
        Assert.Empty(harness.Dataplane.Log);
        Assert.Equal(before, harness.Kernel.Dump());
    }

    [Fact]
    public void Reconcile_CompatibleUnmarkedVxlanDeviceOfAnOlderAgent_AdoptedAndMarkedNotRecreated()
    {
        var harness = new ReconcileHarness();
        harness.Kernel.AddVxlan(Dev, 10001, 4899, "192.168.0.21", "eth0", Mac001, mtu: 1450);

        var report = harness.Reconcile(TestMesh.Article());

        Assert.True(report.Converged, ReconcileHarness.Describe(report));
        var ops = ReconcileHarness.Ops(report);
        Assert.DoesNotContain(ops, o => o is DeleteDevice or CreateDevice);
        Assert.Contains(new SetDevice(Dev, null, null, null, Ownership.DeviceAlias), ops);
        Assert.Equal(Ownership.DeviceAlias, harness.Kernel.Link(Dev)!.Alias);
        KernelAssert.Matches(TestMesh.Plan(TestMesh.Article()), harness.Kernel);
    }

    [Fact]
    public void Reconcile_CompatibleVxlanDeviceWithSomeoneElsesAlias_ThrowsAndChangesNothing()
    {
        var harness = new ReconcileHarness();
        harness.Kernel.AddVxlan(Dev, 10001, 4899, "192.168.0.21", "eth0", Mac001, mtu: 1450, alias: "flannel");
        var before = harness.Kernel.Dump();

        var error = Assert.Throws<DeviceConflictException>(() => harness.Reconcile(TestMesh.Article()));

        Assert.Contains("it has alias 'flannel'", error.Message);
        Assert.Equal(before, harness.Kernel.Dump());
    }

    [Fact]
    public void Reconcile_NoDevice_CreatedWithTheMark()
    {
        var harness = new ReconcileHarness();

        var report = harness.Reconcile(TestMesh.Article());

        Assert.True(report.Converged, ReconcileHarness.Describe(report));
        Assert.Equal(Ownership.DeviceAlias, harness.Kernel.Link(Dev)!.Alias);
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
