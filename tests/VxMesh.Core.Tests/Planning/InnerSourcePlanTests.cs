using System.Net;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;
using VxMesh.Core.Rendering;
using VxMesh.Core.Tests.Support;

namespace VxMesh.Core.Tests.Planning;

/// <summary>
/// The ingress filter's inner side as planned: what a node's mesh device may decapsulate is every other
/// cluster's pod and service ranges plus the VTEP range (vtepCidr) or the peers' VTEP addresses (onlink),
/// normalised so no prefix sits inside another; its own cluster's pod range is not allowed.
/// </summary>
public class InnerSourcePlanTests
{
    private static readonly string[] Mixed =
        ["10.2.7.0/24", "10.2.0.0/16", "10.3.0.0/24", "10.3.1.0/24", "2001:db8::/64", "2001:db8::1/128", "10.2.0.0/16", "9.9.9.9/32"];

    private static Inventory Onlink() =>
        MeshBuilder.Onlink()
            .Cluster("a", "10.1.0.0/16", "10.101.0.0/16", c => c
                .Node("a1", "192.168.0.11", ["10.1.1.0/24"])
                .Node("a2", "192.168.0.12", ["10.1.2.0/24"]))
            .Cluster("b", "10.2.0.0/16", "10.102.0.0/16", c => c
                .Node("b1", "192.168.0.21", ["10.2.1.0/24", "10.2.7.0/24"]))
            .Build();

    [Fact]
    public void Plan_Onlink_RemoteRangesAndOwnClusterPeersVtepAddressAsHost()
    {
        var ingress = Planner.Plan(Onlink(), "a1").Ingress;

        // b's blocks and its VTEP address (10.2.1.0) lie inside b's pod range; a2's VTEP address is a host prefix.
        Assert.Equal(["10.1.2.0/32", "10.2.0.0/16", "10.102.0.0/16"], ingress.InnerSources.Select(p => p.ToString()));
        Assert.Equal(["10.2.0.0/16", "10.102.0.0/16"], ingress.InnerRanges.Select(p => p.ToString()));
        Assert.Equal("vxmesh0", ingress.Device);
    }

    [Fact]
    public void Plan_VtepCidr_TheVtepRangeCoversEveryVtepAddress()
    {
        var inventory = MeshBuilder.WithVtepCidr("172.31.0.0/24")
            .Cluster("a", "10.1.0.0/16", "10.101.0.0/16", c => c.Node("a1", "192.168.0.11", ["10.1.1.0/24"], vtepIp: "172.31.0.11").Node("a2", "192.168.0.12", ["10.1.2.0/24"], vtepIp: "172.31.0.12"))
            .Cluster("b", "10.2.0.0/16", "10.102.0.0/16", c => c.Node("b1", "192.168.0.21", ["10.2.1.0/24"], vtepIp: "172.31.0.21"))
            .Build();

        var ingress = Planner.Plan(inventory, "a1").Ingress;

        Assert.Equal(["10.2.0.0/16", "10.102.0.0/16", "172.31.0.0/24"], ingress.InnerSources.Select(p => p.ToString()));
    }

    [Fact]
    public void Plan_OwnClusterPodAndServiceRanges_NotAllowed()
    {
        var ingress = Planner.Plan(Onlink(), "b1").Ingress;

        Assert.DoesNotContain(ingress.InnerSources, p => p.Contains(IPAddress.Parse("10.2.7.9")) || p.Contains(IPAddress.Parse("10.102.0.1")));
        Assert.Contains(ingress.InnerSources, p => p.Contains(IPAddress.Parse("10.1.2.9")));
    }

    [Fact]
    public void Plan_IncrementalFragments_AssembleToTheSameInnerSources()
    {
        var inventory = Onlink();
        var context = Planner.Context(inventory, "a1");
        var fragments = inventory.AllNodes.Where(p => p.Node.Name != "a1").Select(p => Planner.Peer(context, p.Cluster.Name, p.Node)).ToList();

        var assembled = InnerSources.Normalize(context.InnerRanges.Concat(fragments.SelectMany(f => InnerSources.Of(f.Peer))));

        Assert.Equal(Planner.Plan(inventory, "a1").Ingress.InnerSources, assembled);
    }

    [Fact]
    public void Normalize_CoveredPrefixesDropped_SiblingsAndFamiliesKept_Sorted()
    {
        var normalized = InnerSources.Normalize(Mixed.Select(IPNetwork.Parse));

        Assert.Equal(["9.9.9.9/32", "10.2.0.0/16", "10.3.0.0/24", "10.3.1.0/24", "2001:db8::/64"], normalized.Select(p => p.ToString()));
    }

    [Fact]
    public void Render_InnerChainOnPrerouting_DropsOtherSourcesFromTheMeshDevice()
    {
        var script = NftRenderer.Replace(Planner.Plan(Onlink(), "a1").Ingress);

        Assert.Contains("set vxlan_inner4 {\n\t\ttype ipv4_addr\n\t\tflags interval\n\t\telements = { 10.1.2.0/32, 10.2.0.0/16, 10.102.0.0/16 }\n", script);
        Assert.Contains("type filter hook prerouting priority filter - 10; policy accept;", script);
        Assert.Contains("iifname \"vxmesh0\" ip saddr != @vxlan_inner4 counter drop", script);
        Assert.Contains("iifname \"vxmesh0\" ip6 saddr != @vxlan_inner6 counter drop", script);
    }

    [Fact]
    public void RenderChange_RemovalsBeforeAdditions_PerFamilySet()
    {
        var script = NftRenderer.ChangeInner(
            ValueList.Of(IPNetwork.Parse("10.2.0.0/24")), ValueList.Of(IPNetwork.Parse("10.2.0.0/16"), IPNetwork.Parse("2001:db8::/64")));

        Assert.Equal(
            "delete element inet vxmesh vxlan_inner4 { 10.2.0.0/24 }\n"
            + "add element inet vxmesh vxlan_inner4 { 10.2.0.0/16 }\n"
            + "add element inet vxmesh vxlan_inner6 { 2001:db8::/64 }\n",
            script);
    }
}
