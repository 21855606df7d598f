using VxMesh.Lab.Scripts;
using static VxMesh.Lab.Tests.Support.TestTopologies;

namespace VxMesh.Lab.Tests.Scripts;

public class FabricAndPodScriptTests
{
    private static readonly BuildPlan Plan = BuildPlan.Create(TopologyOf(Mixed, "mx"));

    [Fact]
    public void Fabric_HasABridgePerSegmentHoldingItsGateway()
    {
        var fabric = Plan.Fabric;

        Assert.Equal("vxlab-mx-fabric", fabric.Namespace);
        Assert.Contains("link add br-s1 type bridge", fabric.Ip);
        Assert.Contains("addr add 198.18.1.1/24 dev br-s1", fabric.Ip);
        Assert.Contains("addr add 198.18.2.1/24 dev br-s2", fabric.Ip);
        Assert.Contains("net.ipv4.ip_forward=1", fabric.Sysctls);
    }

    [Fact]
    public void Fabric_CreatesEachNodesEth0InsideTheNodesNamespace()
    {
        var node = Plan.Layout.Node("ca-2");

        Assert.Contains($"link add {node.FabricPort} type veth peer name eth0 netns vxlab-mx-ca-2", Plan.Fabric.Ip);
        Assert.Contains($"link set {node.FabricPort} master br-s2", Plan.Fabric.Ip);
    }

    [Fact]
    public void CalicoPod_HasASlash32AndAnOnlinkDefaultVia169()
    {
        var pod = Plan.Layout.PodsOf("ca-1").First();
        var script = Plan.Pods.Single(s => s.Namespace == pod.Namespace);

        Assert.Equal(["link set lo up", $"addr add {pod.Ip}/32 dev eth0", "link set eth0 up", "route add default via 169.254.1.1 dev eth0 onlink"], script.Ip);
    }

    [Fact]
    public void FlannelPod_HasABlockAddressAndTheCni0Gateway()
    {
        var pod = Plan.Layout.PodsOf("fb-2").First();
        var script = Plan.Pods.Single(s => s.Namespace == pod.Namespace);

        Assert.Contains("addr add 198.19.17.2/24 dev eth0", script.Ip);
        Assert.Contains("route add default via 198.19.17.1 dev eth0", script.Ip);
    }

    [Fact]
    public void EveryScript_TargetsALabNamespaceOnly()
    {
        var scripts = new[] { Plan.Fabric }.Concat(Plan.Nodes).Concat(Plan.Pods).ToList();

        Assert.All(scripts, s => Assert.StartsWith("vxlab-mx-", s.Namespace));
        var peers = scripts.SelectMany(s => s.Ip).Where(l => l.Contains(" netns ", StringComparison.Ordinal));
        Assert.All(peers, l => Assert.StartsWith("vxlab-mx-", l[(l.IndexOf(" netns ", StringComparison.Ordinal) + 7)..]));
    }

    [Theory]
    [InlineData(Mixed)]
    [InlineData(OnlinkNoIppools)]
    [InlineData(Tiny)]
    public void EveryAddress_IsFromTheLabRangesOrCalicosLinkLocalGateway(string yaml)
    {
        var text = BuildPlan.Create(TopologyOf(yaml, "ad")).ToString();

        var addresses = System.Text.RegularExpressions.Regex.Matches(text, @"\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b").Select(m => m.Value).Distinct().ToList();

        Assert.NotEmpty(addresses);
        Assert.All(addresses, a => Assert.True(
            a == "169.254.1.1" || VxMesh.Lab.Topology.AllowedRanges.Contains(System.Net.IPAddress.Parse(a)), $"{a} is outside the lab ranges"));
    }

    [Fact]
    public void EveryInterfaceName_FitsInFifteenBytes()
    {
        var text = BuildPlan.Create(LabLoaderSeed()).ToString();

        var names = System.Text.RegularExpressions.Regex.Matches(text, @"(?:link add|dev|master) (\S+)").Select(m => m.Groups[1].Value);

        Assert.All(names, n => Assert.InRange(n.Length, 1, 15));
    }

    private static VxMesh.Lab.Topology.LabTopology LabLoaderSeed() => VxMesh.Lab.Topology.LabLoader.LoadPreset("seed", "seed").Topology!;
}
