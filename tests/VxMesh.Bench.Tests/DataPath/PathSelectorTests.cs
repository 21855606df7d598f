using VxMesh.Bench.DataPath.Paths;

namespace VxMesh.Bench.Tests.DataPath;

public sealed class PathSelectorTests
{
    private static readonly string OneSegment = PathKind.Underlay(sameSegment: true).Id;
    private static readonly string Routed = PathKind.Underlay(sameSegment: false).Id;

    [Fact]
    public void Select_AutoLab_EveryKindOnceInReportOrderWithItsBaseline()
    {
        var paths = PathSelector.Select(Fixture.AutoLab(), Fixture.AutoRouting());

        var rows = paths.Select(p => (p.Kind.Id, p.From.Name, p.To.Name, p.Baseline)).ToList();
        Assert.Equal(
        [
            ("node-node/one-segment/underlay", "e1", "e2", OneSegment),
            ("node-node/routed/underlay", "e1", "f1", Routed),
            ("pod-pod/other-cluster/one-segment/host-gw/vxmesh", "e1-pod1", "w1-pod1", OneSegment),
            ("pod-pod/other-cluster/routed/vxlan/vxmesh", "e1-pod1", "f1-pod1", Routed),
            ("pod-pod/same-cluster/one-segment/host-gw/calico", "e1-pod1", "e2-pod1", OneSegment),
            ("pod-pod/same-cluster/one-segment/vxlan/flannel.1", "w1-pod1", "w2-pod1", OneSegment),
            ("pod-pod/same-node/local/calico", "e1-pod1", "e1-pod2", OneSegment),
            ("pod-pod/same-node/local/flannel", "w1-pod1", "w1-pod2", OneSegment),
            ("node-pod/other-cluster/one-segment/host-gw/vxmesh", "e1", "w1-pod1", OneSegment),
            ("node-pod/other-cluster/routed/vxlan/vxmesh", "e1", "f1-pod1", Routed),
            ("node-pod/same-cluster/one-segment/host-gw/calico", "e1", "e2-pod1", OneSegment),
            ("node-pod/same-cluster/one-segment/vxlan/flannel.1", "w1", "w2-pod1", OneSegment),
        ], rows);
        Assert.Equal(2, paths.Count(p => p.IsBaseline));
    }

    [Fact]
    public void Select_AutoLab_DevicesAndLabels()
    {
        var paths = PathSelector.Select(Fixture.AutoLab(), Fixture.AutoRouting());

        var vxlan = paths.Single(p => p.Kind.Id == "pod-pod/other-cluster/routed/vxlan/vxmesh");
        Assert.Equal("vxmesh0", vxlan.Device);
        Assert.Equal("pod → pod, other cluster, routed, vxlan (vxmesh)", vxlan.Kind.Label);
        Assert.Equal("node → node, routed, underlay", paths[1].Kind.Label);
        Assert.Equal("pod → pod, same node, local (calico)", paths.Single(p => p.Kind.Scope == Scope.SameNode && p.Kind.Carrier == "calico").Kind.Label);
        Assert.All(paths.Where(p => p.Kind.Ends != Ends.PodToPod), p => Assert.False(p.From.IsPod));
    }

    [Fact]
    public void Select_NodeWithoutRouting_ItsPairsLeftOutNotGuessed()
    {
        var routing = Fixture.AutoRouting().Where(r => r.Key != "e1").ToDictionary();

        var paths = PathSelector.Select(Fixture.AutoLab(), routing);

        Assert.DoesNotContain(paths, p => p.From.Node == "e1" && p.Kind.Mechanism != Mechanism.Underlay);
        Assert.Contains(paths, p => p.Kind.Id == "pod-pod/other-cluster/routed/vxlan/vxmesh"); // from e2 now
    }

    [Fact]
    public void Select_EveryNodeOnItsOwnSegment_RoutedBaselineForAll()
    {
        var lab = Fixture.AutoLab();
        lab = lab with { Nodes = lab.Nodes.Select(n => n with { Segment = "seg-" + n.Name }).ToList() };

        var paths = PathSelector.Select(lab, Fixture.AutoRouting());

        Assert.DoesNotContain(paths, p => p.Kind.Id == OneSegment);
        Assert.All(paths, p => Assert.Equal(Routed, p.Baseline));
    }
}
