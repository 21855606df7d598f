using System.Text;
using VxMesh.Core.Loading;
using static VxMesh.Core.Tests.Loading.TestInventories;

namespace VxMesh.Core.Tests.Loading;

/// <summary>
/// Inputs built to hurt: nesting that overflowed the stack, aliases that multiply work, values of
/// megabytes, invalid UTF-8. Each must be one problem naming where and why, with no value echoed whole.
/// </summary>
public sealed class InputLimitTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("vxmesh-limits-").FullName;

    [Fact]
    public void Parse_80KBOfNestedLists_OneDepthProblemNoStackOverflow()
    {
        var yaml = "mesh: " + new string('[', 40_000) + new string(']', 40_000) + "\n";

        var problem = Assert.Single(Load(yaml).Problems);

        Assert.Equal(YamlDocumentReader.DocumentKey, problem.Key);
        Assert.Contains("nests more than 64 levels", problem.Problem);
        Assert.Equal(1, problem.Line);
    }

    [Fact]
    public void Parse_NestedMappingsPastTheLimit_OneDepthProblem()
    {
        var yaml = "mesh: " + string.Concat(Enumerable.Repeat("{a: ", 100)) + "1" + new string('}', 100) + "\n";

        Assert.Contains("nests more than 64 levels", Assert.Single(Load(yaml).Problems).Problem);
    }

    [Fact]
    public void Parse_NestingAtTheLimit_NotADepthProblem()
    {
        // 64 levels: the root mapping, then 63 lists.
        var yaml = "lab: " + new string('[', 63) + new string(']', 63) + "\n";

        Assert.DoesNotContain(Load(yaml).Problems, p => p.Problem.Contains("nests more than", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_AliasesNestingPastTheLimit_DepthProblem()
    {
        // Each anchor is 40 levels deep; the alias puts one inside the other: 80 levels.
        var yaml = "a: &a " + new string('[', 39) + new string(']', 39) + "\nb: " + new string('[', 39) + "*a" + new string(']', 39) + "\n";

        Assert.Contains("nests more than 64 levels", Assert.Single(Load(yaml).Problems).Problem);
    }

    [Fact]
    public void Parse_RecursiveAnchor_OneProblemNoEndlessWalk()
    {
        var problem = Assert.Single(Load("mesh: {vni: 42}\nclusters: &c [*c]\n").Problems);

        Assert.Contains("recursive anchor", problem.Problem);
    }

    [Fact]
    public void Parse_BillionLaughs_ExpansionLimitOneProblem()
    {
        var yaml = new StringBuilder("l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i <= 9; i++)
        {
            yaml.Append($"l{i}: &l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 10))}]\n");
        }

        var problem = Assert.Single(Load(yaml.ToString()).Problems);

        Assert.Contains("more than 2,000,000 YAML nodes", problem.Problem);
    }

    [Fact]
    public void Parse_TwoThousandAliasesOfOneNode_ProblemsLinearAndReportBounded()
    {
        var yaml = With((
            "      - name: beta-1\n        ip: 192.168.1.21\n        podCidrs: [10.20.1.0/24]",
            "      - &n {name: beta-1, ip: 192.168.1.21, podCidrs: [10.20.1.0/24]}" + string.Concat(Enumerable.Repeat("\n      - *n", 2_000))));

        var problems = Load(yaml).Problems;

        // Per copy: its name, its ip and its block repeat the first node's (the derived VTEP values follow from those).
        Assert.Equal(3 * 2_000, problems.Count);
        var report = ProblemReport.Bounded(problems);
        Assert.Equal(ProblemReport.MaxListed + 1, report.Count);
        Assert.StartsWith("… and 5,980 more problems", report[^1]);
    }

    [Fact]
    public void Parse_HugeScalar_OneProblemValueNotEchoed()
    {
        var value = new string('x', 5_000);

        var problem = Assert.Single(Load(With(("vni: 42", "vni: 42\n  device: " + value))).Problems);

        Assert.Contains("a value of 5,000 characters", problem.Problem);
        Assert.DoesNotContain(new string('x', 100), problem.ToString());
    }

    [Fact]
    public void Parse_LongUnknownKey_MessageCut()
    {
        var key = new string('k', 1_000);

        var problem = Assert.Single(Load(With(("vni: 42", $"vni: 42\n  {key}: 1"))).Problems);

        Assert.Contains("unknown key", problem.Problem);
        Assert.Contains("(1,000 characters)", problem.Problem);
        Assert.True(problem.ToString().Length < 1_500, problem.ToString());
    }

    [Fact]
    public void LoadFile_50MBScalar_RefusedBySizeWithoutEcho()
    {
        var path = Path.Combine(dir, "big.yaml");
        using (var file = File.CreateText(path))
        {
            file.Write("mesh:\n  device: ");
            file.Write(new string('y', 50 * 1024 * 1024));
            file.Write('\n');
        }

        var problem = Assert.Single(InventoryLoader.LoadFile(path).Problems);

        Assert.Contains("larger than 16 MiB", problem.Problem);
        Assert.True(problem.ToString().Length < 500, problem.ToString());
    }

    [Fact]
    public void LoadFile_InvalidUtf8InDeviceName_ProblemAtTheByte()
    {
        var path = Path.Combine(dir, "latin1.yaml");
        var text = Encoding.UTF8.GetBytes(With(("vni: 42", "vni: 42\n  device: vx")));
        var at = Encoding.UTF8.GetString(text).IndexOf("device: vx", StringComparison.Ordinal) + "device: vx".Length;
        File.WriteAllBytes(path, [.. text[..at], 0xE9, (byte)'0', .. text[at..]]);

        var problem = Assert.Single(InventoryLoader.LoadFile(path).Problems);

        Assert.Contains("invalid UTF-8 (byte 0xe9", problem.Problem);
        Assert.Equal(3, problem.Line);
        Assert.Equal(13, problem.Column);
    }

    [Fact]
    public void LoadFile_ByteOrderMark_Accepted()
    {
        var path = Path.Combine(dir, "bom.yaml");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Valid)]);

        Assert.True(InventoryLoader.LoadFile(path).Ok);
    }

    [Fact]
    public void LoadFile_PastAGivenSize_RefusedBeforeParsing()
    {
        var path = Path.Combine(dir, "valid.yaml");
        File.WriteAllText(path, Valid);

        var problem = Assert.Single(InventoryLoader.LoadFile(path, InputLimits.Default with { MaxBytes = 100 }).Problems);

        Assert.Equal("(file)", problem.Key);
        Assert.Contains("larger than 100 bytes", problem.Problem);
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);
}
