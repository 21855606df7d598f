using VxMesh.Lab.Churn;
using VxMesh.Lab.Layout;
using VxMesh.Lab.Runtime;
using VxMesh.Lab.Scripts;
using VxMesh.Lab.Topology;
using static VxMesh.Lab.Tests.Support.TestTopologies;

namespace VxMesh.Lab.Tests.Scripts;

public class CniMembershipTests
{
    private static readonly LabTopology Topology = TopologyOf(EtcdChurn, "cm");

    /// <summary>The churn lab with one node added (as `lab node add` lays it out).</summary>
    private static LabLayout With(string name, string cluster, string ip, string block)
    {
        var members = LabState.From(Topology, LayoutBuilder.Build(Topology), LabPaths.For("cm"), DateTimeOffset.UnixEpoch).Nodes.ToList();
        var c = Topology.Inventory.FindCluster(cluster)!;
        var segment = Topology.Settings.Segments.First(s => VxMesh.Core.Addressing.IpMath.Contains(s.Cidr, System.Net.IPAddress.Parse(ip)));
        members.Add(new LabNodeState(name, cluster, c.Cni, $"vxlab-cm-{name}", System.Net.IPAddress.Parse(ip), segment.Name,
            System.Net.IPAddress.None, [System.Net.IPNetwork.Parse(block)], "veth-n9"));
        return Membership.Layout(Topology, members, 1);
    }

    private static List<NodeLayout> Others(LabLayout layout, NodeLayout member, string joining) =>
        layout.Nodes.Where(n => n.Cluster == member.Cluster && n.Name != member.Name && n.Name != joining).ToList();

    [Fact]
    public void Join_CalicoOnTheSameSegment_IsADirectBirdRoute()
    {
        var layout = With("ea-3", "ea", "198.18.5.13", "198.19.98.0/24");
        var member = layout.Node("ea-1");

        var script = CniMembership.Join(member, Others(layout, member, "ea-3"), layout.Node("ea-3"));

        Assert.Equal(["route replace 198.19.98.0/24 via 198.18.5.13 dev eth0 proto bird"], script.Ip);
        Assert.Empty(script.Bridge);
    }

    [Fact]
    public void Join_FirstCalicoPeerAcrossSegments_CreatesVxlanCalicoThenArpFdbRoute()
    {
        var layout = With("ea-3", "ea", "198.18.6.13", "198.19.98.0/24");
        var member = layout.Node("ea-1");
        var joining = layout.Node("ea-3");

        var script = CniMembership.Join(member, Others(layout, member, "ea-3"), joining);

        Assert.Equal("link add vxlan.calico type vxlan id 4096 dstport 4789 local 198.18.5.11 dev eth0 nolearning", script.Ip[0]);
        Assert.Equal($"neigh replace 198.19.98.0 lladdr {joining.CniMac} dev vxlan.calico nud permanent", script.Ip[4]);
        Assert.Equal("route replace 198.19.98.0/24 via 198.19.98.0 dev vxlan.calico onlink", script.Ip[^1]);
        Assert.Equal([$"fdb append {joining.CniMac} dev vxlan.calico dst 198.18.6.13 self permanent"], script.Bridge);
    }

    [Fact]
    public void Join_SecondFlannelNode_CreatesFlannelDotOneOnTheFirst()
    {
        var layout = With("wf-2", "wf", "198.18.6.22", "198.19.113.0/24");

        var script = CniMembership.Join(layout.Node("wf-1"), [], layout.Node("wf-2"));

        Assert.Contains("link add flannel.1 type vxlan id 1 dstport 8472 local 198.18.6.21 dev eth0 nolearning", script.Ip);
        Assert.Contains("addr add 198.19.112.0/32 dev flannel.1", script.Ip);
        Assert.Contains("route replace 198.19.113.0/24 via 198.19.113.0 dev flannel.1 onlink", script.Ip);
    }

    [Fact]
    public void Leave_LastOverlaidPeer_DeletesTheDevice_OtherwiseOnlyItsEntries()
    {
        var layout = With("wf-2", "wf", "198.18.6.22", "198.19.113.0/24");
        var leaving = layout.Node("wf-2");

        Assert.Equal(["link del flannel.1"], CniMembership.Leave(layout.Node("wf-1"), [], leaving).Ip);

        var kept = CniMembership.Leave(layout.Node("wf-1"), [layout.Node("wf-2") with { Name = "wf-3" }], leaving);
        Assert.Equal(["route del 198.19.113.0/24 dev flannel.1", "neigh del 198.19.113.0 dev flannel.1"], kept.Ip);
        Assert.Equal([$"fdb del {leaving.CniMac} dev flannel.1 dst 198.18.6.22 self"], kept.Bridge);
    }

    [Fact]
    public void Leave_CalicoOnTheSameSegment_DeletesItsBirdRoute()
    {
        var layout = With("ea-3", "ea", "198.18.5.13", "198.19.98.0/24");

        var script = CniMembership.Leave(layout.Node("ea-1"), [layout.Node("ea-2")], layout.Node("ea-3"));

        Assert.Equal(["route del 198.19.98.0/24 via 198.18.5.13 dev eth0 proto bird"], script.Ip);
    }
}
