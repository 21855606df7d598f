using static VxMesh.Core.Tests.Loading.TestInventories;

namespace VxMesh.Core.Tests.Loading;

/// <summary>Syntax, keys, shapes and types: what the schema reader reports.</summary>
public class SchemaProblemTests
{
    [Fact]
    public void Parse_Valid_NoProblems()
    {
        var result = Load(Valid);

        Assert.Empty(result.Problems);
        Assert.True(result.Ok);
    }

    [Fact]
    public void Parse_UnclosedBracket_SyntaxErrorOnItsLine()
    {
        var yaml = With(("podCidrs: [10.10.0.0/16]", "podCidrs: [10.10.0.0/16"));

        var problem = OnlyProblem(Load(yaml), "(document)");

        Assert.Contains("syntax", problem.Problem);
        Assert.Equal(LineOf(yaml, "podCidrs: [10.10.0.0/16"), problem.Line);
        Assert.Contains("unclosed '['", problem.Fix);
    }

    [Fact]
    public void Parse_BadIndentation_SyntaxErrorWithLine()
    {
        var yaml = With(("    cni: calico\n", "    cni: calico\n   oops: 1\n"));

        var problem = OnlyProblem(Load(yaml), "(document)");

        Assert.Contains("syntax", problem.Problem);
        Assert.Equal(LineOf(yaml, "oops"), problem.Line);
        Assert.Contains("indentation", problem.Fix);
    }

    [Fact]
    public void Parse_TabIndentation_SyntaxError()
    {
        var problem = OnlyProblem(Load("mesh:\n\tvni: 1\n"), "(document)");

        Assert.Equal(2, problem.Line);
    }

    [Fact]
    public void Parse_DuplicateKey_NamesKeyAndLine()
    {
        var yaml = With(("  vni: 42\n", "  vni: 42\n  vni: 43\n"));

        var problem = OnlyProblem(Load(yaml), "(document)");

        Assert.Equal(LineOf(yaml, "vni: 43"), problem.Line);
        Assert.Contains("'vni'", problem.Problem);
        Assert.Contains("keep only one", problem.Fix);
    }

    [Theory]
    [InlineData("        podCidrs: [10.10.1.0/24]\n", "        podCidrs: [10.10.1.0/24]\n        vtepmac: c2:6a:9b:e5:39:8d\n", "clusters[0].nodes[0].vtepmac", "vtepMac")]
    [InlineData("    cni: calico\n", "    cni: calico\n    service_cidrs: [10.98.0.0/16]\n", "clusters[0].service_cidrs", "serviceCidrs")]
    [InlineData("  vni: 42\n", "  vni: 42\n  VtepCIDR: 10.0.0.0/8\n", "mesh.VtepCIDR", "vtepCidr")]
    [InlineData("  vni: 42\n", "  vni: 42\n  tx-checksum-offload: false\n", "mesh.tx-checksum-offload", "txChecksumOffload")]
    [InlineData("clusters:\n", "labs: {}\nclusters:\n", "labs", "'lab'")]
    public void Parse_MisspelledKey_UnknownKeyWithSuggestion(string find, string replace, string key, string suggestion)
    {
        var yaml = With((find, replace));

        var problem = OnlyProblem(Load(yaml), key);

        Assert.Equal(LineOf(yaml, key[(key.LastIndexOf('.') + 1)..] + ":"), problem.Line);
        Assert.Contains("unknown key", problem.Problem);
        Assert.Contains(suggestion, problem.Fix);
    }

    [Fact]
    public void Parse_SnakeCaseRequiredKey_UnknownKeyAndMissingKeyBothReported()
    {
        var yaml = With(("ip: 192.168.1.12\n        podCidrs: [10.10.2.0/24]", "ip: 192.168.1.12\n        pod_cidrs: [10.10.2.0/24]"));

        var result = Load(yaml);

        Assert.Contains("podCidrs", ProblemAt(result, "clusters[0].nodes[1].pod_cidrs").Fix);
        Assert.Equal(LineOf(yaml, "- name: alpha-2"), ProblemAt(result, "clusters[0].nodes[1].podCidrs").Line);
        Assert.Equal(2, result.Problems.Count);
    }

    [Fact]
    public void Parse_UnrelatedUnknownKey_FixListsAllowedKeys()
    {
        var yaml = With(("  vni: 42\n", "  vni: 42\n  colour: blue\n"));

        var problem = OnlyProblem(Load(yaml), "mesh.colour");

        Assert.Contains("remove it", problem.Fix);
        Assert.Contains("vtepCidr", problem.Fix);
    }

    [Theory]
    [InlineData("        ip: 192.168.1.12\n", "clusters[0].nodes[1].ip", "- name: alpha-2", "ip: ")]
    [InlineData("      - name: beta-1\n        ip", "clusters[1].nodes[0].name", "ip: 192.168.1.21", "name: ")]
    [InlineData("        podCidrs: [10.20.1.0/24]\n", "clusters[1].nodes[0].podCidrs", "- name: beta-1", "podCidrs: ")]
    [InlineData("    podCidrs: [10.20.0.0/16]\n", "clusters[1].podCidrs", "- name: beta", "podCidrs: ")]
    public void Parse_RequiredKeyMissing_ReportedAtMapping(string remove, string key, string mappingMarker, string fixText)
    {
        var yaml = With((remove, remove.EndsWith("ip", StringComparison.Ordinal) ? "      - ip" : ""));

        var result = Load(yaml);
        var problem = ProblemAt(result, key);

        Assert.Equal(LineOf(yaml, mappingMarker), problem.Line);
        Assert.Contains("missing", problem.Problem);
        Assert.Contains(fixText, problem.Fix);
    }

    [Fact]
    public void Parse_NoClusters_ClustersMissing()
    {
        var problem = OnlyProblem(Load("mesh:\n  vni: 7\n"), "clusters");

        Assert.Equal(1, problem.Line);
        Assert.Contains("clusters:", problem.Fix);
    }

    [Fact]
    public void Parse_EmptyNodeList_AtLeastOneRequired()
    {
        var yaml = "clusters:\n  - name: a\n    podCidrs: [10.0.0.0/16]\n    nodes: []\n";

        var problem = OnlyProblem(Load(yaml), "clusters[0].nodes");

        Assert.Equal(4, problem.Line);
        Assert.Contains("at least one", problem.Problem);
    }

    [Fact]
    public void Parse_ListWhereScalarExpected_WrongType()
    {
        var yaml = With(("vni: 42", "vni: [42, 43]"));

        var problem = OnlyProblem(Load(yaml), "mesh.vni");

        Assert.Equal(LineOf(yaml, "vni:"), problem.Line);
        Assert.Contains("found a list", problem.Problem);
        Assert.Contains("write one value", problem.Fix);
    }

    [Fact]
    public void Parse_ScalarWhereListExpected_FixShowsListForm()
    {
        var yaml = With(("serviceCidrs: [10.96.0.0/16]", "serviceCidrs: 10.96.0.0/16"));

        var problem = OnlyProblem(Load(yaml), "clusters[0].serviceCidrs");

        Assert.Contains("must be a list", problem.Problem);
        Assert.Contains("serviceCidrs: [10.96.0.0/16]", problem.Fix);
    }

    [Fact]
    public void Parse_MappingWhereListExpected_WrongType()
    {
        var yaml = "clusters:\n  name: a\n";

        var problem = OnlyProblem(Load(yaml), "clusters");

        Assert.Equal(2, problem.Line);
        Assert.Contains("must be a list", problem.Problem);
    }

    [Fact]
    public void Parse_ScalarWhereMappingExpected_WrongType()
    {
        var yaml = With(("mesh:\n  vni: 42\n  vtepCidr: 172.31.0.0/24\n", "mesh: vxlan\n"));

        var problem = OnlyProblem(Load(yaml), "mesh");

        Assert.Equal(1, problem.Line);
        Assert.Contains("mapping", problem.Problem);
    }

    [Fact]
    public void Parse_QuotedNumber_WrongType()
    {
        var yaml = With(("vni: 42", "vni: \"42\""));

        var problem = OnlyProblem(Load(yaml), "mesh.vni");

        Assert.Contains("quoted", problem.Problem);
        Assert.Contains("vni: 42", problem.Fix);
    }

    [Fact]
    public void Parse_NonBooleanFlag_WrongType()
    {
        var yaml = With(("  vni: 42\n", "  vni: 42\n  txChecksumOffload: yes\n"));

        var problem = OnlyProblem(Load(yaml), "mesh.txChecksumOffload");

        Assert.Equal(LineOf(yaml, "txChecksumOffload"), problem.Line);
        Assert.Contains("true or false", problem.Problem);
    }

    [Fact]
    public void Parse_KeyWithoutValue_Reported()
    {
        var yaml = With(("vtepCidr: 172.31.0.0/24", "vtepCidr:"));

        var problem = OnlyProblem(Load(yaml), "mesh.vtepCidr");

        Assert.Equal(LineOf(yaml, "vtepCidr:"), problem.Line);
        Assert.Contains("no value", problem.Problem);
        Assert.Contains("remove the line", problem.Fix);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# just a comment\n")]
    [InlineData("~\n")]
    public void Parse_EmptyDocument_Reported(string yaml)
    {
        var problem = OnlyProblem(Load(yaml), "(document)");

        Assert.Contains("empty", problem.Problem);
        Assert.Contains("clusters:", problem.Fix);
    }

    [Fact]
    public void Parse_RootIsList_WrongType()
    {
        var problem = OnlyProblem(Load("- a\n- b\n"), "(document)");

        Assert.Contains("mapping", problem.Problem);
    }

    [Fact]
    public void Parse_SecondDocument_Reported()
    {
        var yaml = Valid + "---\nmesh: {}\n";

        var problem = OnlyProblem(Load(yaml), "(document)");

        Assert.Equal(LineOf(yaml, "mesh: {}"), problem.Line);
        Assert.Contains("one YAML document", problem.Problem);
    }
}
