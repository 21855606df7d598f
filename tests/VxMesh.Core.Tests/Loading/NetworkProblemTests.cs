using static VxMesh.Core.Tests.Loading.TestInventories;

namespace VxMesh.Core.Tests.Loading;

/// <summary>Overlaps and containment between pod, service, node and VTEP ranges.</summary>
public class NetworkProblemTests
{
    [Fact]
    public void Parse_ServiceCidrOverlapsOtherClustersPodCidr_NamesBothSides()
    {
        var yaml = With(("serviceCidrs: [10.97.0.0/16]", "serviceCidrs: [10.10.128.0/17]"));

        var problem = OnlyProblem(Load(yaml), "clusters[1].serviceCidrs[0]");

        Assert.Equal(LineOf(yaml, "10.10.128.0/17"), problem.Line);
        Assert.Contains("cluster 'beta'", problem.Problem);
        Assert.Contains("pod CIDR 10.10.0.0/16 of cluster 'alpha' (clusters[0].podCidrs[0], line 7)", problem.Problem);
        Assert.Contains("make them disjoint", problem.Fix);
    }

    [Fact]
    public void Parse_PodCidrsOverlapAcrossClusters_Reported()
    {
        var yaml = With(("podCidrs: [10.20.0.0/16]", "podCidrs: [10.20.0.0/16, 10.10.0.0/20]"));

        var problem = ProblemAt(Load(yaml), "clusters[1].podCidrs[1]");

        Assert.Contains("pod CIDR 10.10.0.0/20 of cluster 'beta' overlaps pod CIDR 10.10.0.0/16 of cluster 'alpha'", problem.Problem);
        Assert.Contains("clusters[0].podCidrs[0]", problem.Fix);
    }

    [Fact]
    public void Parse_ServiceCidrsOverlapWithinCluster_Reported()
    {
        var yaml = With(("serviceCidrs: [10.96.0.0/16]", "serviceCidrs: [10.96.0.0/16, 10.96.64.0/20]"));

        var problem = OnlyProblem(Load(yaml), "clusters[0].serviceCidrs[1]");

        Assert.Equal(LineOf(yaml, "10.96.64.0/20"), problem.Line);
        Assert.Contains("overlaps service CIDR 10.96.0.0/16 of cluster 'alpha'", problem.Problem);
    }

    [Fact]
    public void Parse_PodAndServiceOverlapInOneCluster_Reported()
    {
        var yaml = With(("serviceCidrs: [10.96.0.0/16]", "serviceCidrs: [10.10.240.0/20]"));

        var problem = OnlyProblem(Load(yaml), "clusters[0].serviceCidrs[0]");

        Assert.Contains("service CIDR 10.10.240.0/20 of cluster 'alpha' overlaps pod CIDR 10.10.0.0/16 of cluster 'alpha'", problem.Problem);
    }

    [Fact]
    public void Parse_NodeBlockOutsideClusterPodCidrs_FixNamesClusterRange()
    {
        var yaml = With(("podCidrs: [10.10.2.0/24]", "podCidrs: [10.11.2.0/24]"));

        var problem = OnlyProblem(Load(yaml), "clusters[0].nodes[1].podCidrs[0]");

        Assert.Equal(LineOf(yaml, "10.11.2.0/24"), problem.Line);
        Assert.Contains("outside its cluster's podCidrs", problem.Problem);
        Assert.Contains("inside 10.10.0.0/16", problem.Fix);
        Assert.Contains("clusters[0].podCidrs", problem.Fix);
    }

    [Fact]
    public void Parse_NodeBlockLargerThanClusterRange_Outside()
    {
        var yaml = With(("podCidrs: [10.10.2.0/24]", "podCidrs: [10.10.0.0/15]"));

        var result = Load(yaml);

        // It also swallows alpha-1's block, which is its own problem.
        var problems = result.Problems.Where(p => p.Key == "clusters[0].nodes[1].podCidrs[0]").ToList();
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Problem.Contains("outside its cluster's podCidrs", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Problem.Contains("overlaps block 10.10.1.0/24 of node 'alpha-1'", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_TwoNodesSameBlock_NamesBothNodes()
    {
        var yaml = With(("podCidrs: [10.10.2.0/24]", "podCidrs: [10.10.1.128/25]"));

        var problem = OnlyProblem(Load(yaml), "clusters[0].nodes[1].podCidrs[0]");

        Assert.Contains("node 'alpha-2'", problem.Problem);
        Assert.Contains("node 'alpha-1' (clusters[0].nodes[0], line 10)", problem.Problem);
        Assert.Contains("give each node its own block", problem.Fix);
    }

    [Fact]
    public void Parse_BlockTwiceInOneNode_Reported()
    {
        var yaml = With(("podCidrs: [10.10.1.0/24]", "podCidrs: [10.10.1.0/24, 10.10.1.0/24]"));

        var problem = OnlyProblem(Load(yaml), "clusters[0].nodes[0].podCidrs[1]");

        Assert.Contains("this node's own block", problem.Problem);
        Assert.Contains("remove the duplicate", problem.Fix);
    }

    [Fact]
    public void Parse_VtepCidrOverlapsPodCidr_Reported()
    {
        var yaml = With(("vtepCidr: 172.31.0.0/24", "vtepCidr: 10.20.0.0/24"));

        var problem = OnlyProblem(Load(yaml), "mesh.vtepCidr");

        Assert.Equal(LineOf(yaml, "vtepCidr"), problem.Line);
        Assert.Contains("pod CIDR 10.20.0.0/16 of cluster 'beta'", problem.Problem);
        Assert.Contains("choose a vtepCidr", problem.Fix);
    }

    [Fact]
    public void Parse_VtepCidrOverlapsServiceCidr_Reported()
    {
        var yaml = With(("vtepCidr: 172.31.0.0/24", "vtepCidr: 10.97.1.0/24"));

        var problem = OnlyProblem(Load(yaml), "mesh.vtepCidr");

        Assert.Contains("service CIDR 10.97.0.0/16 of cluster 'beta'", problem.Problem);
    }

    [Theory]
    [InlineData("10.20.5.5", "pod CIDR 10.20.0.0/16 of cluster 'beta'")]
    [InlineData("10.96.0.10", "service CIDR 10.96.0.0/16 of cluster 'alpha'")]
    public void Parse_NodeIpInsideClusterRange_Reported(string ip, string range)
    {
        var yaml = With(("ip: 192.168.1.11", $"ip: {ip}"));

        var problem = OnlyProblem(Load(yaml), "clusters[0].nodes[0].ip");

        Assert.Equal(LineOf(yaml, ip), problem.Line);
        Assert.Contains(range, problem.Problem);
        Assert.Contains("outside every pod and service range", problem.Fix);
    }

    [Fact]
    public void Parse_NodeIpInsideVtepCidr_Reported()
    {
        var yaml = With(("ip: 192.168.1.11", "ip: 172.31.0.77"));

        var problem = OnlyProblem(Load(yaml), "clusters[0].nodes[0].ip");

        Assert.Contains("inside mesh.vtepCidr 172.31.0.0/24", problem.Problem);
        Assert.Contains("does not contain underlay addresses", problem.Fix);
    }

    [Fact]
    public void Parse_IPv6PodRanges_Accepted()
    {
        var yaml = With(
            ("podCidrs: [10.20.0.0/16]", "podCidrs: [10.20.0.0/16, fd20::/48]"),
            ("podCidrs: [10.20.1.0/24]", "podCidrs: [10.20.1.0/24, fd20:0:0:1::/64]"));

        Assert.Empty(Load(yaml).Problems);
    }
}
