using VxMesh.Core.Addressing;
using VxMesh.Core.Model;
using static VxMesh.Core.Tests.Loading.TestInventories;

namespace VxMesh.Core.Tests.Loading;

/// <summary>Names and addresses that must identify exactly one cluster or node, given or derived.</summary>
public class IdentityProblemTests
{
    [Fact]
    public void Parse_DuplicateClusterName_NamesFirst()
    {
        var yaml = With(("name: beta\n", "name: alpha\n"));

        var problem = OnlyProblem(Load(yaml), "clusters[1].name");

        Assert.Equal(LineOf(yaml, "- name: alpha\n    cni: flannel"), problem.Line);
        Assert.Contains("clusters[0]", problem.Problem);
        Assert.Contains("unique name", problem.Fix);
    }

    [Fact]
    public void Parse_DuplicateNodeNameAcrossClusters_NamesBothNodes()
    {
        var yaml = With(("name: beta-1", "name: alpha-1"));

        var problem = OnlyProblem(Load(yaml), "clusters[1].nodes[0].name");

        Assert.Contains("clusters[1].nodes[0]", problem.Problem);
        Assert.Contains("node 'alpha-1' (clusters[0].nodes[0], line 10)", problem.Problem);
        Assert.Contains("unique across all clusters", problem.Fix);
    }

    [Fact]
    public void Parse_DuplicateNodeNameInSameCluster_OnlyNameReported()
    {
        // Same cluster and node name derive the same MAC; that is the duplicate name, not a second problem.
        var yaml = With(("name: alpha-2", "name: alpha-1"));

        var problem = OnlyProblem(Load(yaml), "clusters[0].nodes[1].name");

        Assert.Equal(LineOf(yaml, "- name: alpha-1\n        ip: 192.168.1.12"), problem.Line);
    }

    [Fact]
    public void Parse_DuplicateNodeIp_NamesBothNodes()
    {
        var yaml = With(("ip: 192.168.1.21", "ip: 192.168.1.11"));

        // The derived VTEP IPs collide too, but only because of the duplicate ip: not reported twice.
        var problem = OnlyProblem(Load(yaml), "clusters[1].nodes[0].ip");

        Assert.Equal(LineOf(yaml, "ip: 192.168.1.11\n        podCidrs: [10.20"), problem.Line);
        Assert.Contains("node 'beta-1'", problem.Problem);
        Assert.Contains("node 'alpha-1'", problem.Problem);
        Assert.Contains("own underlay address", problem.Fix);
    }

    [Fact]
    public void Parse_DuplicateGivenVtepIp_NamesBothNodes()
    {
        var yaml = With(
            ("ip: 192.168.1.11\n", "ip: 192.168.1.11\n        vtepIp: 172.31.0.50\n"),
            ("ip: 192.168.1.12\n", "ip: 192.168.1.12\n        vtepIp: 172.31.0.50\n"));

        var problem = OnlyProblem(Load(yaml), "clusters[0].nodes[1].vtepIp");

        Assert.Equal(LineOf(yaml, "ip: 192.168.1.12") + 1, problem.Line);
        Assert.Contains("node 'alpha-2'", problem.Problem);
        Assert.Contains("node 'alpha-1'", problem.Problem);
        Assert.Contains("own vtepIp", problem.Fix);
    }

    [Fact]
    public void Parse_DuplicateGivenVtepMac_NamesBothNodes()
    {
        var yaml = With(
            ("ip: 192.168.1.11\n", "ip: 192.168.1.11\n        vtepMac: c2:6a:9b:e5:39:8d\n"),
            ("ip: 192.168.1.21\n", "ip: 192.168.1.21\n        vtepMac: C2:6A:9B:E5:39:8D\n"));

        var problem = OnlyProblem(Load(yaml), "clusters[1].nodes[0].vtepMac");

        Assert.Equal(LineOf(yaml, "C2:6A"), problem.Line);
        Assert.Contains("node 'beta-1'", problem.Problem);
        Assert.Contains("node 'alpha-1'", problem.Problem);
        Assert.Contains("own vtepMac", problem.Fix);
    }

    [Fact]
    public void Parse_DerivedVtepIpsCollide_FixSetsOneExplicitly()
    {
        // Same host part (.11) on two underlay subnets derives the same VTEP IP in a /24.
        var yaml = With(("ip: 192.168.1.12", "ip: 192.168.2.11"));

        var problem = OnlyProblem(Load(yaml), "clusters[0].nodes[1].vtepIp");

        Assert.Equal(LineOf(yaml, "- name: alpha-2"), problem.Line);
        Assert.Contains("172.31.0.11 (derived from ip 192.168.2.11) of node 'alpha-2'", problem.Problem);
        Assert.Contains("node 'alpha-1'", problem.Problem);
        Assert.Equal("set vtepIp explicitly on one of them", problem.Fix);
    }

    [Fact]
    public void Parse_DerivedVtepIpCollidesWithGiven_FixSetsOneExplicitly()
    {
        var yaml = With(("ip: 192.168.1.11\n", "ip: 192.168.1.11\n        vtepIp: 172.31.0.21\n"));

        var problem = OnlyProblem(Load(yaml), "clusters[1].nodes[0].vtepIp");

        Assert.Contains("node 'beta-1'", problem.Problem);
        Assert.Contains("node 'alpha-1'", problem.Problem);
        Assert.Equal("set vtepIp explicitly on one of them", problem.Fix);
    }

    [Fact]
    public void Parse_DerivedVtepIpIsNetworkAddress_FixSetsItExplicitly()
    {
        var yaml = With(("ip: 192.168.1.21", "ip: 192.168.2.0"));

        var problem = OnlyProblem(Load(yaml), "clusters[1].nodes[0].vtepIp");

        Assert.Equal(LineOf(yaml, "- name: beta-1"), problem.Line);
        Assert.Contains("cannot derive a vtepIp for node 'beta-1'", problem.Problem);
        Assert.Contains("set vtepIp explicitly", problem.Fix);
    }

    [Fact]
    public void Parse_DerivedMacCollidesWithGivenMac_NamesBothNodes()
    {
        var alpha1Mac = Mac.Format(VtepMacDerivation.Derive("alpha", "alpha-1"));
        var yaml = With(("ip: 192.168.1.12\n", $"ip: 192.168.1.12\n        vtepMac: {alpha1Mac}\n"));

        var problem = OnlyProblem(Load(yaml), "clusters[0].nodes[1].vtepMac");

        Assert.Contains("node 'alpha-2'", problem.Problem);
        Assert.Contains($"collides with the vtepMac (derived) of node 'alpha-1'", problem.Problem);
        Assert.Equal("set vtepMac explicitly on one of them", problem.Fix);
    }

    [Fact]
    public void Parse_GivenMacCollidesWithLaterDerivedMac_NamesBothNodes()
    {
        var beta1Mac = Mac.Format(VtepMacDerivation.Derive("beta", "beta-1"));
        var yaml = With(("ip: 192.168.1.11\n", $"ip: 192.168.1.11\n        vtepMac: {beta1Mac}\n"));

        var problem = OnlyProblem(Load(yaml), "clusters[1].nodes[0].vtepMac");

        Assert.Equal(LineOf(yaml, "- name: beta-1"), problem.Line);
        Assert.Contains("(derived) of node 'beta-1'", problem.Problem);
        Assert.Contains("node 'alpha-1'", problem.Problem);
        Assert.Equal("set vtepMac explicitly on one of them", problem.Fix);
    }
}
