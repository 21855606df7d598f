using VxMesh.Core.Loading;
using VxMesh.Lab.Tests.Support;
using static VxMesh.Lab.Tests.Support.TestTopologies;

namespace VxMesh.Lab.Tests.Topology;

public class LabLoaderTests
{
    [Fact]
    public void Parse_ValidTopologies_HaveNoProblems()
    {
        foreach (var yaml in new[] { Mixed, OnlinkNoIppools, Tiny })
        {
            var result = Load(yaml);
            Assert.Empty(result.Problems);
            Assert.True(result.Ok);
        }
    }

    [Fact]
    public void Parse_Defaults_OnePodPerNodeAndIppoolsOn()
    {
        var settings = TopologyOf(Tiny).Settings;

        Assert.Equal(1, settings.PodsPerNode);
        Assert.True(settings.Ippools);
        Assert.Equal("net", Assert.Single(settings.Segments).Name);
    }

    [Fact]
    public void Parse_NoLabSection_AsksForOne()
    {
        var yaml = Tiny[..Tiny.IndexOf("lab:", StringComparison.Ordinal)];

        var problem = Assert.Single(Load(yaml).Problems);

        Assert.Equal("lab", problem.Key);
        Assert.Contains("segments", problem.Fix);
    }

    [Fact]
    public void Parse_UnknownLabKey_IsAnErrorWithLineAndSuggestion()
    {
        var yaml = With(Mixed, ("  podsPerNode: 2", "  pods_per_node: 2"));

        var problem = Assert.Single(Load(yaml).Problems);

        Assert.Equal("lab.pods_per_node", problem.Key);
        Assert.Equal(Line(yaml, "pods_per_node"), problem.Line);
        Assert.Contains("podsPerNode", problem.Fix);
        Assert.StartsWith($"{Source}:{problem.Line}:3: lab.pods_per_node: unknown key", problem.ToString());
    }

    [Fact]
    public void Parse_NodeInNoSegment_NamesTheNodeAndItsLine()
    {
        var yaml = With(Mixed, ("ip: 198.18.1.11", "ip: 198.18.9.11"));

        var problem = Assert.Single(Load(yaml).Problems);

        Assert.Equal("clusters[0].nodes[0].ip", problem.Key);
        Assert.Equal(Line(yaml, "198.18.9.11"), problem.Line);
        Assert.Contains("ca-1", problem.Problem);
        Assert.Contains("198.18.9.0/24", problem.Fix);
    }

    [Fact]
    public void Parse_OverlappingSegments_AreRejected()
    {
        var yaml = With(Mixed, ("{name: s2, cidr: 198.18.2.0/24}", "{name: s2, cidr: 198.18.0.0/16}"));

        var problems = Load(yaml).Problems;

        Assert.Contains(problems, p => p.Key == "lab.segments[1].cidr" && p.Problem.Contains("overlaps segment s1"));
    }

    [Fact]
    public void Parse_NodeOnTheGateway_IsRejected()
    {
        var yaml = With(Tiny, ("ip: 203.0.113.11", "ip: 203.0.113.1"));

        var problem = Assert.Single(Load(yaml).Problems);

        Assert.Contains("gateway", problem.Problem);
        Assert.Equal("clusters[0].nodes[0].ip", problem.Key);
    }

    [Fact]
    public void Parse_ArticleAddresses_AreOutsideTheLabRanges()
    {
        var yaml = File.ReadAllText(TestEnvironment.RepoFile("examples/seed-000.yaml")) +
                   "lab:\n  segments:\n    - {name: dc1, cidr: 100.64.0.0/24}\n";

        var problems = Load(yaml).Problems;

        Assert.Contains(problems, p => p.Key == "lab.segments[0].cidr" && p.Problem.Contains("outside the lab's address ranges"));
        Assert.Contains(problems, p => p.Key == "mesh.vtepCidr");
        Assert.Contains(problems, p => p.Key == "clusters[0].podCidrs[0]");
        Assert.Contains(problems, p => p.Key == "clusters[2].serviceCidrs[0]");
        Assert.Contains(problems, p => p.Key == "clusters[1].nodes[1].ip");
        Assert.All(problems, p => Assert.True(p.Line > 0, p.ToString()));
    }

    [Theory]
    [InlineData("podsPerNode: 0", "lab.podsPerNode")]
    [InlineData("podsPerNode: \"2\"", "lab.podsPerNode")]
    [InlineData("podsPerNode: 99", "lab.podsPerNode")]
    [InlineData("podsPerNode: 2\n  ippools: yes", "lab.ippools")]
    public void Parse_BadSettingValues_AreRejected(string line, string key)
    {
        var yaml = With(Mixed, ("podsPerNode: 2", line));

        Assert.Equal(key, Assert.Single(Load(yaml).Problems).Key);
    }

    [Theory]
    [InlineData("{name: s2, cidr: 198.18.2.0/24}", "{name: a-very-long-name, cidr: 198.18.2.0/24}", "lab.segments[1].name")]
    [InlineData("{name: s2, cidr: 198.18.2.0/24}", "{name: s2, cidr: 198.18.2.1/24}", "lab.segments[1].cidr")]
    [InlineData("{name: s2, cidr: 198.18.2.0/24}", "{name: s2, cidr: 198.18.2.0/31}", "lab.segments[1].cidr")]
    [InlineData("{name: s2, cidr: 198.18.2.0/24}", "{name: s1, cidr: 198.18.2.0/24}", "lab.segments[1].name")]
    [InlineData("{name: s2, cidr: 198.18.2.0/24}", "{name: s2, cidr: 198.18.2.0/24, mtu: 9000}", "lab.segments[1].mtu")]
    public void Parse_BadSegments_AreRejected(string find, string replace, string key)
    {
        var problems = Load(With(Mixed, (find, replace))).Problems;

        Assert.Contains(problems, p => p.Key == key);
    }

    [Fact]
    public void Parse_CniOther_HasNoLabWiring()
    {
        var problem = Assert.Single(Load(With(Tiny, ("cni: flannel", "cni: other"))).Problems);

        Assert.Equal("clusters[1].cni", problem.Key);
    }

    [Fact]
    public void Parse_MeshOnTheFlannelOverlaysPort_IsRejected()
    {
        var yaml = With(Mixed, ("vni: 7001", "vni: 1"), ("port: 4800", "port: 8472"));

        var problem = Assert.Single(Load(yaml).Problems);

        Assert.Equal("mesh.vni", problem.Key);
        Assert.Contains("flannel.1", problem.Problem);
    }

    [Fact]
    public void Parse_MeshDeviceNamedLikeALabDevice_IsRejected()
    {
        var problem = Assert.Single(Load(With(Mixed, ("device: vxm0", "device: cni0"))).Problems);

        Assert.Equal("mesh.device", problem.Key);
    }

    [Fact]
    public void Parse_BlockTooSmallForThePods_IsRejected()
    {
        var yaml = With(Mixed, ("[198.19.1.0/24]", "[198.19.1.0/30]"), ("podsPerNode: 2", "podsPerNode: 3"));

        var problem = Assert.Single(Load(yaml).Problems);

        Assert.Equal("clusters[0].nodes[0].podCidrs[0]", problem.Key);
    }

    [Fact]
    public void Parse_NodeNamedFabric_IsRejected()
    {
        var problem = Assert.Single(Load(With(Tiny, ("name: ta-1", "name: fabric"))).Problems);

        Assert.Equal("clusters[0].nodes[0].name", problem.Key);
    }

    [Fact]
    public void Parse_InventoryAndLabProblems_AreReportedTogetherInLineOrder()
    {
        var yaml = With(Mixed, ("vni: 7001", "vni: 0"), ("podsPerNode: 2", "podsPerNode: 0"));

        var problems = Load(yaml).Problems;

        Assert.Equal(["mesh.vni", "lab.podsPerNode"], problems.Select(p => p.Key));
    }

    [Theory]
    [InlineData("Seed")]
    [InlineData("toolongname")]
    [InlineData("a-b")]
    [InlineData("")]
    public void Parse_InvalidLabName_IsAProblem(string name)
    {
        var problem = Assert.Single(Load(Tiny, name).Problems);

        Assert.Equal("(lab name)", problem.Key);
    }

    private static int Line(string yaml, string text) =>
        yaml[..yaml.IndexOf(text, StringComparison.Ordinal)].Count(c => c == '\n') + 1;
}
