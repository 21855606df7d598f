using VxMesh.Lab.Scripts;
using static VxMesh.Lab.Tests.Support.TestTopologies;

namespace VxMesh.Lab.Tests.Scripts;

public class NodeScriptTests
{
    private static readonly BuildPlan Plan = BuildPlan.Create(TopologyOf(Mixed, "mx"));

    private static NamespaceScript Node(string name) => Plan.Nodes.Single(s => s.Namespace == $"vxlab-mx-{name}");

    [Fact]
    public void Calico_HostVethHasProxyArpWithoutDelay()
    {
        var script = Node("ca-1");
        var veths = Plan.Layout.PodsOf("ca-1").Select(p => p.HostVeth).ToList();

        Assert.All(veths, v => Assert.Contains($"net.ipv4.conf.{v}.proxy_arp=1", script.Sysctls));
        Assert.All(veths, v => Assert.Contains($"net.ipv4.neigh.{v}.proxy_delay=0", script.Sysctls));
        Assert.Contains("net.ipv4.ip_forward=1", script.Sysctls);
    }

    [Fact]
    public void Calico_HasAHostRoutePerPodAndABlackholePerBlock()
    {
        var script = Node("ca-2");
        var pods = Plan.Layout.PodsOf("ca-2").ToList();

        Assert.All(pods, p => Assert.Contains($"route add {p.Ip}/32 dev {p.HostVeth} scope link", script.Ip));
        Assert.Contains("route add blackhole 198.19.2.0/24 proto bird", script.Ip);
        Assert.Contains("route add blackhole 198.19.3.0/24 proto bird", script.Ip);
    }

    [Fact]
    public void Calico_PeerAcrossSegments_GoesThroughVxlanCalico()
    {
        var script = Node("ca-1");

        Assert.Contains("link add vxlan.calico type vxlan id 4096 dstport 4789 local 198.18.1.11 dev eth0 nolearning", script.Ip);
        Assert.Contains("route add 198.19.2.0/24 via 198.19.2.0 dev vxlan.calico onlink", script.Ip);
        Assert.Contains("route add 198.19.3.0/24 via 198.19.2.0 dev vxlan.calico onlink", script.Ip);
        Assert.Contains(script.Bridge, l => l.StartsWith("fdb append 02:", StringComparison.Ordinal) && l.EndsWith("dev vxlan.calico dst 198.18.2.12 self permanent", StringComparison.Ordinal));
    }

    [Fact]
    public void Flannel_HasCni0HoldingDotOneAndFlannelDotOneToItsPeers()
    {
        var script = Node("fb-1");

        Assert.Contains("link add cni0 type bridge", script.Ip);
        Assert.Contains("addr add 198.19.16.1/24 dev cni0", script.Ip);
        Assert.Contains("link add flannel.1 type vxlan id 1 dstport 8472 local 198.18.2.21 dev eth0 nolearning", script.Ip);
        Assert.Contains(script.Ip, l => l.StartsWith("neigh replace 198.19.17.0 lladdr 02:", StringComparison.Ordinal));
        Assert.Contains("route add 198.19.17.0/24 via 198.19.17.0 dev flannel.1 onlink", script.Ip);
        Assert.DoesNotContain(script.Sysctls, s => s.Contains("proxy_arp", StringComparison.Ordinal));
    }

    [Fact]
    public void Node_UnderlayIsEth0WithADefaultRouteViaTheSegmentGateway()
    {
        var script = Node("ca-2");

        Assert.Contains("addr add 198.18.2.12/24 dev eth0", script.Ip);
        Assert.Contains("route add default via 198.18.2.1 dev eth0", script.Ip);
    }

    [Fact]
    public void Node_NeverRoutesOtherClustersBlocks_ThatIsTheAgentsJob()
    {
        var script = Node("ca-1");

        Assert.DoesNotContain(script.Ip, l => l.Contains("198.19.16.0/24", StringComparison.Ordinal) || l.Contains("198.19.17.0/24", StringComparison.Ordinal));
    }

    [Fact]
    public void Calico_PeerOnTheSameSegment_IsRoutedDirectly()
    {
        var plan = BuildPlan.Create(TopologyOf(OnlinkNoIppools, "ol"));
        var script = plan.Nodes.Single(s => s.Namespace == "vxlab-ol-cb-1");

        Assert.Contains("route add 198.19.33.0/24 via 192.0.2.12 dev eth0 proto bird", script.Ip);
        Assert.DoesNotContain(script.Ip, l => l.Contains("vxlan.calico", StringComparison.Ordinal));
    }
}
