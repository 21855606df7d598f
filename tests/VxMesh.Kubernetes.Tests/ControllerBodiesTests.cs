using System.Net;
using System.Net.NetworkInformation;
using VxMesh.Agent.Registry.Etcd;
using VxMesh.Core.Model;
using VxMesh.Kubernetes.Controller;

namespace VxMesh.Kubernetes.Tests;

public class ControllerBodiesTests
{
    private static readonly DateTimeOffset Seen = new(2026, 12, 2, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void MasqueradeConfig_ListsEveryExemptCidr_InIpMasqAgentFormat()
    {
        var text = MasqueradeExemption.Config([IPNetwork.Parse("198.19.0.0/18"), IPNetwork.Parse("198.19.64.0/18")]);

        Assert.Equal("nonMasqueradeCIDRs:\n  - 198.19.0.0/18\n  - 198.19.64.0/18\nmasqLinkLocal: false\nresyncInterval: 60s\n", text);
    }

    [Fact]
    public void RemoteClusterBody_NamesTheClusterAndItsNodesSortedWithLastSeen()
    {
        var cluster = new ClusterRecord("test-cluster2", CniKind.Flannel, [IPNetwork.Parse("198.19.128.0/18")], [IPNetwork.Parse("198.19.192.0/18")], null, Seen);
        NodeRegistration Node(string name, string ip, int minutesAgo) => new("test-cluster2", name, IPAddress.Parse(ip), null, null,
            PhysicalAddress.Parse("02-00-00-00-00-01"), [IPNetwork.Parse("198.19.130.0/24")], Seen, Seen.AddMinutes(-minutesAgo), "test");

        var body = RemoteClusterStatus.Body(cluster, [Node("n2", "198.18.2.12", 5), Node("n1", "198.18.2.11", 1)], Seen);

        Assert.Equal("RemoteCluster", body["kind"]);
        Assert.Equal("test-cluster2", ((Dictionary<string, object>)body["metadata"])["name"]);
        var status = (Dictionary<string, object?>)body["status"];
        Assert.Equal(2, status["nodeCount"]);
        var nodes = (List<Dictionary<string, object?>>)status["nodes"]!;
        Assert.Equal(["n1", "n2"], nodes.Select(n => n["name"]));
        Assert.Equal("02:00:00:00:00:01", nodes[0]["vtepMac"]);
        Assert.Equal("2026-12-02T00:59:00.0000000Z", status["lastSeen"]);
    }

    [Fact]
    public void RemoteClusterBody_NoNodes_HasNoLastSeen()
    {
        var cluster = new ClusterRecord("test-cluster3", CniKind.Calico, [IPNetwork.Parse("198.19.0.0/18")], [], null, Seen);

        var status = (Dictionary<string, object?>)RemoteClusterStatus.Body(cluster, [], Seen)["status"];

        Assert.Equal(0, status["nodeCount"]);
        Assert.Null(status["lastSeen"]);
    }
}
