using static VxMesh.Core.Tests.Loading.TestInventories;

namespace VxMesh.Core.Tests.Loading;

/// <summary>Written VTEP IPs against vtepCidr, and address-family mixing.</summary>
public class VtepProblemTests
{
    private static string WithAlpha1VtepIp(string vtepIp) =>
        With(("ip: 192.168.1.11\n", $"ip: 192.168.1.11\n        vtepIp: \"{vtepIp}\"\n"));

    [Fact]
    public void Parse_VtepIpOutsideVtepCidr_FixSuggestsDerived()
    {
        var yaml = WithAlpha1VtepIp("172.31.1.11");

        var problem = OnlyProblem(Load(yaml), "clusters[0].nodes[0].vtepIp");

        Assert.Equal(LineOf(yaml, "vtepIp"), problem.Line);
        Assert.Contains("outside mesh.vtepCidr 172.31.0.0/24", problem.Problem);
        Assert.Contains("172.31.0.11", problem.Fix);
    }

    [Theory]
    [InlineData("172.31.0.0", "network address")]
    [InlineData("172.31.0.255", "broadcast address")]
    public void Parse_VtepIpIsNetworkOrBroadcast_Reported(string vtepIp, string expected)
    {
        var yaml = WithAlpha1VtepIp(vtepIp);

        var problem = OnlyProblem(Load(yaml), "clusters[0].nodes[0].vtepIp");

        Assert.Equal(LineOf(yaml, "vtepIp"), problem.Line);
        Assert.Contains(expected, problem.Problem);
        Assert.Contains("host address inside 172.31.0.0/24", problem.Fix);
    }

    [Fact]
    public void Parse_VtepIpWithoutVtepCidr_Reported()
    {
        var yaml = WithAlpha1VtepIp("172.31.0.11").Replace("  vtepCidr: 172.31.0.0/24\n", "", StringComparison.Ordinal);

        var problem = OnlyProblem(Load(yaml), "clusters[0].nodes[0].vtepIp");

        Assert.Equal(LineOf(yaml, "vtepIp"), problem.Line);
        Assert.Contains("mesh.vtepCidr is not", problem.Problem);
        Assert.Contains("add mesh.vtepCidr", problem.Fix);
        Assert.Contains("172.31.0.0/24", problem.Fix);
    }

    [Fact]
    public void Parse_VtepIpWithInvalidVtepCidr_OnlyTheCidrReported()
    {
        var yaml = WithAlpha1VtepIp("172.31.0.11").Replace("vtepCidr: 172.31.0.0/24", "vtepCidr: 172.31.0.0/40", StringComparison.Ordinal);

        OnlyProblem(Load(yaml), "mesh.vtepCidr");
    }

    [Fact]
    public void Parse_VtepIpFamilyDiffersFromVtepCidr_MixedFamilies()
    {
        var yaml = WithAlpha1VtepIp("fd00::11");

        var problem = OnlyProblem(Load(yaml), "clusters[0].nodes[0].vtepIp");

        Assert.Contains("IPv6 but mesh.vtepCidr 172.31.0.0/24 is IPv4", problem.Problem);
        Assert.Contains("IPv4 vtepIp", problem.Fix);
    }

    [Fact]
    public void Parse_NodeIpFamilyDiffersFromVtepCidr_CannotDerive()
    {
        var yaml = "mesh:\n  vtepCidr: 172.31.0.0/24\nclusters:\n  - name: a\n    podCidrs: [10.0.0.0/16]\n    nodes:\n      - name: n\n        ip: \"fd00::5\"\n        podCidrs: [10.0.1.0/24]\n";

        var problem = OnlyProblem(Load(yaml), "clusters[0].nodes[0].vtepIp");

        Assert.Equal(7, problem.Line);
        Assert.Contains("different address families", problem.Problem);
        Assert.Contains("set vtepIp explicitly", problem.Fix);
    }

    [Fact]
    public void Parse_IPv6VtepCidr_DerivesIPv6VtepIps()
    {
        var yaml = "mesh:\n  vtepCidr: \"fd00:ffff::/64\"\nclusters:\n  - name: a\n    podCidrs: [10.0.0.0/16]\n    nodes:\n      - name: n\n        ip: \"2001:db8::21\"\n        podCidrs: [10.0.1.0/24]\n";

        var result = Load(yaml);

        Assert.Empty(result.Problems);
        Assert.Equal(System.Net.IPAddress.Parse("fd00:ffff::21"), result.Inventory!.AllNodes.Single().Node.VtepIp);
    }

    [Fact]
    public void Parse_MixedUnderlayFamilies_NamesFirstNode()
    {
        var yaml = With(("ip: 192.168.1.21", "ip: \"fd00::21\"")).Replace("  vtepCidr: 172.31.0.0/24\n", "", StringComparison.Ordinal);

        var problem = OnlyProblem(Load(yaml), "clusters[1].nodes[0].ip");

        Assert.Equal(LineOf(yaml, "fd00::21"), problem.Line);
        Assert.Contains("IPv6 but node 'alpha-1'", problem.Problem);
        Assert.Contains("IPv4 underlay ip", problem.Fix);
    }

    [Fact]
    public void Parse_OnlinkMode_NoVtepIps()
    {
        var yaml = Valid.Replace("  vtepCidr: 172.31.0.0/24\n", "", StringComparison.Ordinal);

        var result = Load(yaml);

        Assert.Empty(result.Problems);
        Assert.All(result.Inventory!.AllNodes, p => Assert.Null(p.Node.VtepIp));
    }
}
