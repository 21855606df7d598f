using VxMesh.Lab.Scripts;
using static VxMesh.Lab.Tests.Support.TestTopologies;

namespace VxMesh.Lab.Tests.Scripts;

public class NatRulesTests
{
    [Fact]
    public void Calico_WithIppools_ExemptsRemotePodAndServiceCidrs()
    {
        var inventory = TopologyOf(Mixed).Inventory;
        var ca = inventory.FindCluster("ca")!;

        var rules = NatRules.Build(ca, [inventory.FindCluster("fb")!], ippools: true);

        Assert.Contains("chain cali-nat-outgoing", rules);
        Assert.Contains("ip saddr @cali40masq-ipam-pools ip daddr != @cali40all-ipam-pools masquerade", rules);
        Assert.Contains("elements = { 198.19.0.0/20, 198.19.16.0/20, 198.18.80.0/20 }", rules);
    }

    [Fact]
    public void Calico_WithoutIppools_ExemptsOnlyItsOwnPods()
    {
        var inventory = TopologyOf(Mixed).Inventory;

        var rules = NatRules.Build(inventory.FindCluster("ca")!, [inventory.FindCluster("fb")!], ippools: false);

        Assert.DoesNotContain("198.19.16.0/20", rules);
        Assert.Equal(2, rules.Split("elements = { 198.19.0.0/20 }").Length - 1);
    }

    [Fact]
    public void Flannel_HasTheSameShapeUnderItsOwnNames()
    {
        var inventory = TopologyOf(Mixed).Inventory;

        var rules = NatRules.Build(inventory.FindCluster("fb")!, [inventory.FindCluster("ca")!], ippools: true);

        Assert.Contains("chain flannel-postrtg", rules);
        Assert.Contains("ip saddr @flannel-network ip daddr != @flannel-nomasq masquerade", rules);
        Assert.Contains("198.18.64.0/20", rules);
    }
}
