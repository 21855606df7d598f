using static VxMesh.Core.Tests.Loading.TestInventories;

namespace VxMesh.Core.Tests.Loading;

/// <summary>Overlapping node blocks: one problem per later block, naming the first block it overlaps.</summary>
public sealed class BlockOverlapReportTests
{
    [Fact]
    public void Parse_ThreeNodesSameBlock_TwoProblemsBothNamingTheFirst()
    {
        var yaml = With(
            ("podCidrs: [10.10.2.0/24]", "podCidrs: [10.10.1.0/24]"),
            ("podCidrs: [10.20.1.0/24]", "podCidrs: [10.20.1.0/24]\n      - name: alpha-3\n        ip: 192.168.1.13\n        podCidrs: [10.10.1.0/24]"));

        var overlaps = Load(yaml).Problems.Where(p => p.Problem.Contains("overlaps block", StringComparison.Ordinal)).ToList();

        Assert.Equal(["clusters[0].nodes[1].podCidrs[0]", "clusters[1].nodes[1].podCidrs[0]"], overlaps.Select(p => p.Key));
        Assert.All(overlaps, p => Assert.Contains("overlaps block 10.10.1.0/24 of node 'alpha-1'", p.Problem));
    }

    [Fact]
    public void Parse_EarlierSmallBlockInsideLaterBigOne_LaterReportedAgainstIt()
    {
        // The later /16 contains the earlier /24 (visited after it in address order): still found.
        var yaml = With(("podCidrs: [10.10.2.0/24]", "podCidrs: [10.10.0.0/16]"));

        var overlap = Assert.Single(Load(yaml).Problems, p => p.Problem.Contains("overlaps block", StringComparison.Ordinal));

        Assert.Equal("clusters[0].nodes[1].podCidrs[0]", overlap.Key);
        Assert.StartsWith("pod block 10.10.0.0/16 of node 'alpha-2'", overlap.Problem);
        Assert.Contains("overlaps block 10.10.1.0/24 of node 'alpha-1'", overlap.Problem);
    }

    [Fact]
    public void Parse_TwoLaterBlocksInsideOneEarlier_EachReportedOnce()
    {
        var yaml = With(
            ("podCidrs: [10.10.1.0/24]", "podCidrs: [10.10.0.0/20]"),
            ("podCidrs: [10.10.2.0/24]", "podCidrs: [10.10.2.0/24, 10.10.3.0/25]"));

        var overlaps = Load(yaml).Problems.Where(p => p.Problem.Contains("overlaps block", StringComparison.Ordinal)).ToList();

        Assert.Equal(["clusters[0].nodes[1].podCidrs[0]", "clusters[0].nodes[1].podCidrs[1]"], overlaps.Select(p => p.Key));
        Assert.All(overlaps, p => Assert.Contains("overlaps block 10.10.0.0/20 of node 'alpha-1'", p.Problem));
    }
}
