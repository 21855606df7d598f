using System.Net;
using VxMesh.Core.Model;
using VxMesh.Lab.Layout;
using VxMesh.Lab.Topology;
using static VxMesh.Lab.Tests.Support.TestTopologies;

namespace VxMesh.Lab.Tests.Layout;

public class LayoutBuilderTests
{
    private static LabLayout MixedLayout => LayoutBuilder.Build(TopologyOf(Mixed, "mx"));

    [Fact]
    public void Build_CalicoPods_GetSlash32sFromDotTwoVia169()
    {
        var pods = MixedLayout.PodsOf("ca-1").ToList();

        Assert.Equal(["198.19.1.2", "198.19.1.3"], pods.Select(p => p.Ip.ToString()));
        Assert.All(pods, p => Assert.Equal(IPAddress.Parse("169.254.1.1"), p.Gateway));
        Assert.All(pods, p => Assert.Matches("^cali[0-9a-f]{11}$", p.HostVeth));
    }

    [Fact]
    public void Build_FlannelPods_UseTheBlocksDotOneAsGateway()
    {
        var pods = MixedLayout.PodsOf("fb-1").ToList();

        Assert.Equal(["198.19.16.2", "198.19.16.3"], pods.Select(p => p.Ip.ToString()));
        Assert.All(pods, p => Assert.Equal(IPAddress.Parse("198.19.16.1"), p.Gateway));
        Assert.All(pods, p => Assert.Matches("^veth[0-9a-f]{8}$", p.HostVeth));
    }

    [Fact]
    public void Build_NodeWithTwoBlocks_SpreadsPodsOverBoth()
    {
        var pods = MixedLayout.PodsOf("ca-2").ToList();

        Assert.Equal(["198.19.2.2", "198.19.3.2"], pods.Select(p => p.Ip.ToString()));
    }

    [Fact]
    public void Build_Names_CarryTheLabPrefixAndFitInterfaceLimits()
    {
        var layout = MixedLayout;

        Assert.All(layout.Namespaces, ns => Assert.StartsWith("vxlab-mx-", ns));
        Assert.Equal(layout.Namespaces.Count(), layout.Namespaces.Distinct().Count());
        var interfaces = layout.Pods.Select(p => p.HostVeth).Concat(layout.Nodes.Select(n => n.FabricPort)).Concat(layout.Segments.Select(s => s.Bridge));
        Assert.All(interfaces, name => Assert.InRange(name.Length, 1, 15));
    }

    [Fact]
    public void Build_NodesJoinTheSegmentHoldingTheirAddress()
    {
        var layout = MixedLayout;

        Assert.Equal("s1", layout.Node("ca-1").Segment.Segment.Name);
        Assert.Equal("s2", layout.Node("ca-2").Segment.Segment.Name);
        Assert.Equal(IPAddress.Parse("198.18.2.1"), layout.Node("fb-1").Segment.Segment.Gateway);
    }

    [Fact]
    public void Build_PodMtu_FitsThroughTheOverlay()
    {
        Assert.All(MixedLayout.Nodes, n => Assert.Equal(1450, n.PodMtu));
    }

    [Fact]
    public void Build_IsDeterministic()
    {
        Assert.Equal(MixedLayout, MixedLayout);
    }

    [Fact]
    public void Build_SeedPreset_NamesPodsAfterTheirNodes()
    {
        var layout = LayoutBuilder.Build(LabLoader.LoadPreset("seed", "seed").Topology!);

        Assert.Equal(6, layout.Pods.Count);
        Assert.Equal("vxlab-seed-multicluster-test-004-pod1", layout.Pods.Single(p => p.Ip.ToString() == "198.19.113.2").Namespace);
        Assert.All(layout.Pods, p => Assert.Equal(CniKind.Calico, p.Cni));
    }
}
