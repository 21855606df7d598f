using System.Net;
using VxMesh.Bench.DataPath.Paths;
using VxMesh.Core.Model;

namespace VxMesh.Bench.Tests.DataPath;

/// <summary>
/// Path detection on examples/lab-auto.yaml as the kernel showed it: east (calico) and west
/// (flannel) share segment "shared", far (calico) is behind the fabric's router; backend auto.
/// </summary>
public sealed class PathDetectionTests
{
    [Fact]
    public void ParseLinks_NodeE1_UnderlayIsEth0AndTheMeshDeviceIsVxlan()
    {
        var (underlay, kinds) = IpJson.ParseLinks(Fixture.Text("lab-auto", "e1.addr.json"), IPAddress.Parse("198.18.10.11"));

        Assert.Equal("eth0", underlay);
        Assert.Equal("vxlan", kinds["vxmesh0"]);
        Assert.Equal("veth", kinds["eth0"]);
    }

    [Fact]
    public void ParseRoutes_NodeE1_HostGwToWestVxlanToFar()
    {
        var routes = IpJson.ParseRoutes(Fixture.Text("lab-auto", "e1.routes.json"));

        Assert.Equal(4, routes.Count);
        Assert.Contains(routes, r => r.Destination == IPNetwork.Parse("198.19.16.0/24") && r.Device == "eth0" && Equals(r.Gateway, IPAddress.Parse("198.18.10.21")));
        Assert.Contains(routes, r => r.Destination == IPNetwork.Parse("198.19.32.0/24") && r.Device == "vxmesh0");
    }

    [Fact]
    public void ParseLookups_OneArrayPerLine_EveryPod()
    {
        var lookups = IpJson.ParseLookups(Fixture.Text("lab-auto", "w1.lookups.txt"));

        Assert.Equal(12, lookups.Count);
        Assert.Equal("flannel.1", lookups[IPAddress.Parse("198.19.17.2")].Device);
        Assert.Equal("cni0", lookups[IPAddress.Parse("198.19.16.3")].Device);
    }

    [Theory]
    [InlineData("e1", "198.19.16.2", Mechanism.HostGw, "vxmesh", "eth0")]      // west: same segment, other cluster
    [InlineData("e1", "198.19.32.2", Mechanism.Vxlan, "vxmesh", "vxmesh0")]    // far: routed, other cluster
    [InlineData("e1", "198.19.1.2", Mechanism.HostGw, "calico", "eth0")]       // east's other node: calico direct
    [InlineData("e1", "198.19.0.3", Mechanism.Local, "calico", "calidfcd0653906")]
    [InlineData("w1", "198.19.17.2", Mechanism.Vxlan, "flannel.1", "flannel.1")] // west's other node: flannel's own vxlan
    [InlineData("w1", "198.19.16.3", Mechanism.Local, "flannel", "cni0")]
    [InlineData("f1", "198.19.0.2", Mechanism.Vxlan, "vxmesh", "vxmesh0")]
    public void Classify_AutoLab_KernelRouteDecides(string node, string destination, Mechanism mechanism, string carrier, string device)
    {
        var routing = Fixture.AutoRouting()[node];
        var cni = Fixture.AutoLab().Nodes.Single(n => n.Name == node).Cni;

        var hop = PathClassifier.Classify(routing, IPAddress.Parse(destination), cni);

        Assert.Equal(new Hop(mechanism, carrier, device), hop);
    }

    [Fact]
    public void Classify_AutoBackend_SameSegmentPeersHostGwRoutedPeersVxlan()
    {
        var lab = Fixture.AutoLab();
        var routing = Fixture.AutoRouting();
        var nodes = lab.Nodes.ToDictionary(n => n.Name);
        var crossCluster = from n in lab.Nodes from p in lab.Pods where p.Cluster != n.Cluster select (Node: n, Pod: p);

        foreach (var (node, pod) in crossCluster)
        {
            var hop = PathClassifier.Classify(routing[node.Name], pod.Ip, node.Cni)!;
            var expected = nodes[pod.Node].Segment == node.Segment ? Mechanism.HostGw : Mechanism.Vxlan;
            Assert.Equal((expected, "vxmesh"), (hop.Mechanism, hop.Carrier));
        }
    }

    [Fact]
    public void Classify_UnknownDestination_Null() =>
        Assert.Null(PathClassifier.Classify(Fixture.AutoRouting()["e1"], IPAddress.Parse("198.19.99.2"), CniKind.Calico));
}
