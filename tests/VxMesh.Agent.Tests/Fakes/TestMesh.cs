using System.Net;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;

namespace VxMesh.Agent.Tests.Fakes;

/// <summary>
/// The article's six-node mesh (seeds/000) as model records, and edits of it. The agent
/// tests reconcile node 001, whose kernel is a <see cref="FakeDataplane.ForNode"/> at 192.168.0.21.
/// </summary>
public static class TestMesh
{
    public const string Device = "vxlan-test";
    public const string Self = "multicluster-test-001";
    public const string SelfUnderlay = "192.168.0.21";

    /// <param name="onlink">Drop vtepCidr and VTEP IPs: flannel's onlink addressing.</param>
    public static Inventory Article(bool onlink = false)
    {
        var mesh = new MeshSettings(10001, 4899, Device, onlink ? null : IPNetwork.Parse("179.17.1.0/24"), null, Backend.Vxlan, TxChecksumOffload: true);
        var inventory = new Inventory(mesh, ValueList.Of(
            Cluster("test-cluster1", "10.234", Node("001", "192.168.0.21", "21", "c2:6a:9b:e5:39:8d", "10.234.111.0/24"), Node("002", "192.168.0.31", "31", "7a:3a:fe:45:a3:76", "10.234.118.0/24")),
            Cluster("test-cluster2", "10.235", Node("003", "192.168.0.16", "16", "36:f9:67:c0:70:1c", "10.235.88.0/24"), Node("004", "192.168.0.44", "44", "12:d1:df:44:3d:aa", "10.235.113.0/24")),
            Cluster("test-cluster3", "10.236", Node("005", "192.168.0.15", "15", "ba:a7:54:aa:bc:ce", "10.236.115.0/24"), Node("006", "192.168.0.13", "13", "4e:ac:f5:6f:4e:76", "10.236.106.0/24"))),
            "article (in code)");
        return onlink ? WithoutVtepIps(inventory) : inventory;
    }

    /// <summary>Node 001's plan, its underlay being eth0 with MTU 1500 as <see cref="FakeDataplane.ForNode"/> builds it.</summary>
    public static NodeState Plan(Inventory inventory, string node = Self) => Planner.Plan(inventory, node, new NodeFacts("eth0", 1500));

    public static Inventory WithoutNode(this Inventory inventory, string node) =>
        inventory with { Clusters = inventory.Clusters.Select(c => c with { Nodes = c.Nodes.Where(n => n.Name != node).ToValueList() }).ToValueList() };

    public static Inventory WithNode(this Inventory inventory, string node, Func<NodeSpec, NodeSpec> edit) =>
        inventory with { Clusters = inventory.Clusters.Select(c => c with { Nodes = c.Nodes.Select(n => n.Name == node ? edit(n) : n).ToValueList() }).ToValueList() };

    public static Inventory WithNodeAdded(this Inventory inventory, string cluster, NodeSpec node) =>
        inventory with { Clusters = inventory.Clusters.Select(c => c.Name == cluster ? c with { Nodes = c.Nodes.Append(node).ToValueList() } : c).ToValueList() };

    public static Inventory WithMesh(this Inventory inventory, Func<MeshSettings, MeshSettings> edit) =>
        inventory with { Mesh = edit(inventory.Mesh) };

    /// <summary>A seventh node for test-cluster2, as an operator would add it.</summary>
    public static NodeSpec NewNode(bool onlink = false) =>
        new("multicluster-test-007", IPAddress.Parse("192.168.0.77"), "eth0", onlink ? null : IPAddress.Parse("179.17.1.77"),
            Mac.Parse("0a:00:00:00:00:77"), ValueList.Of(IPNetwork.Parse("10.235.77.0/24")));

    private static ClusterSpec Cluster(string name, string prefix, params NodeSpec[] nodes) =>
        new(name, CniKind.Calico, ValueList.Of(IPNetwork.Parse($"{prefix}.64.0/18")), ValueList.Of(IPNetwork.Parse($"{prefix}.0.0/18")), nodes.ToValueList());

    private static NodeSpec Node(string number, string ip, string vtepHost, string mac, string block) =>
        new($"multicluster-test-{number}", IPAddress.Parse(ip), "eth0", IPAddress.Parse($"179.17.1.{vtepHost}"), Mac.Parse(mac), ValueList.Of(IPNetwork.Parse(block)));

    private static Inventory WithoutVtepIps(Inventory inventory) =>
        inventory with
        {
            Clusters = inventory.Clusters.Select(c => c with { Nodes = c.Nodes.Select(n => n with { VtepIp = null }).ToValueList() }).ToValueList(),
        };
}
