using System.Net;
using VxMesh.Agent.Tests.Fakes;
using VxMesh.Core.Model;

namespace VxMesh.Agent.Tests.Reconcile;

/// <summary>
/// This node's own VTEP address changes while its peers' do not. Removing the device's last
/// IPv4 address makes the kernel disable IP on it (fib_inetaddr_event → fib_disable_ip →
/// arp_ifdown), which flushes its ARP entries, permanent ones included. A pass that
/// reports convergence must leave the ARP entries in place.
/// </summary>
public class OwnAddressChangeTests
{
    [Fact]
    public void Reconcile_OwnVtepIpChanged_ArpEntriesStillProgrammed()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        var renumbered = TestMesh.Article().WithNode(TestMesh.Self, n => n with { VtepIp = IPAddress.Parse("179.17.1.121") });

        var report = harness.Reconcile(renumbered);

        Assert.True(report.Converged, ReconcileHarness.Describe(report));
        KernelAssert.Matches(TestMesh.Plan(renumbered), harness.Kernel);
    }

    [Fact]
    public void Reconcile_OnlinkOwnFirstBlockChanged_ArpEntriesStillProgrammed()
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article(onlink: true));
        var moved = TestMesh.Article(onlink: true)
            .WithNode(TestMesh.Self, n => n with { PodCidrs = ValueList.Of(IPNetwork.Parse("10.234.112.0/24")) });

        var report = harness.Reconcile(moved);

        Assert.True(report.Converged, ReconcileHarness.Describe(report));
        KernelAssert.Matches(TestMesh.Plan(moved), harness.Kernel);
    }
}
