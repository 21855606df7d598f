using VxMesh.Lab.Churn;
using VxMesh.Lab.Layout;
using VxMesh.Lab.Runtime;
using VxMesh.Lab.Topology;
using static VxMesh.Lab.Tests.Support.TestTopologies;

namespace VxMesh.Lab.Tests.Churn;

public class NodeRequestChecksTests
{
    private static readonly LabTopology Topology = TopologyOf(EtcdChurn, "rq");
    private static readonly LabState State = LabState.From(Topology, LayoutBuilder.Build(Topology), LabPaths.For("rq"), DateTimeOffset.UnixEpoch);

    private static NewNode Validate(NodeRequest request) => NodeRequestChecks.Validate(request, Topology, State);

    [Fact]
    public void Validate_AGoodRequest_GivesTheNodeItsSegmentAndTheLabsPodCount()
    {
        var node = Validate(new NodeRequest("ea-3", "ea", "198.18.6.13", ["198.19.98.0/24"], null));

        Assert.Equal(("ea-3", "ea", "s6", 1), (node.Name, node.Cluster.Name, node.Segment.Name, node.Pods));
        Assert.Equal("198.19.98.0/24", Assert.Single(node.Blocks).ToString());
    }

    [Theory]
    [InlineData("ea-1", "ea", "198.18.5.20", "198.19.98.0/24", "already has a node or pod called 'ea-1'")]
    [InlineData("ea-1-pod1", "ea", "198.18.5.20", "198.19.98.0/24", "already has a node or pod called 'ea-1-pod1'")]
    [InlineData("etcd", "ea", "198.18.5.20", "198.19.98.0/24", "is a lab namespace of its own")]
    [InlineData("Bad_Name", "ea", "198.18.5.20", "198.19.98.0/24", "node name 'Bad_Name' is invalid")]
    [InlineData("n", "nope", "198.18.5.20", "198.19.98.0/24", "has no cluster 'nope'; its clusters: ea, wf")]
    [InlineData("n", "ea", "100.64.0.1", "198.19.98.0/24", "outside the lab's address ranges")]
    [InlineData("n", "ea", "198.18.7.1", "198.19.98.0/24", "is in no segment")]
    [InlineData("n", "ea", "198.18.5.1", "198.19.98.0/24", "gateway, network or broadcast")]
    [InlineData("n", "ea", "198.18.5.11", "198.19.98.0/24", "is node ea-1's address")]
    [InlineData("n", "ea", "198.18.5.20", "198.19.112.0/24", "not inside cluster ea's pod CIDRs")]
    [InlineData("n", "nope", "198.18.5.20", "100.64.0.0/10", "100.64.0.0/10 is outside the lab's address ranges")]
    [InlineData("n", "ea", "198.18.5.20", "198.19.96.0/25", "overlaps node ea-1's block")]
    [InlineData("n", "ea", "198.18.5.20", "198.19.98.1/24", "not an IPv4 network address")]
    [InlineData("n", "ea", "198.18.5.20", "198.19.98.0/31", "has no room for 1 pods")]
    public void Validate_RefusesWithAMessageNamingTheProblem(string name, string cluster, string ip, string block, string expected)
    {
        var error = Assert.Throws<LabInputException>(() => Validate(new NodeRequest(name, cluster, ip, [block], null)));

        Assert.Contains(expected, error.Message);
        Assert.Contains("nothing was changed", error.Message);
    }

    [Fact]
    public void Validate_ReportsEveryProblemAtOnce()
    {
        var error = Assert.Throws<LabInputException>(() => Validate(new NodeRequest("ea-1", "nope", "198.18.5.11", [], 99)));

        Assert.Contains("called 'ea-1'", error.Message);
        Assert.Contains("no cluster 'nope'", error.Message);
        Assert.Contains("is node ea-1's address", error.Message);
        Assert.Contains("give the node's pod block", error.Message);
        Assert.Contains("--pods: 99 is not in 1..16", error.Message);
    }
}
