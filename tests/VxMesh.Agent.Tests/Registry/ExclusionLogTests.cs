using VxMesh.Agent.Registry.Etcd;

namespace VxMesh.Agent.Tests.Registry;

/// <summary>Each exclusion is news once; foreign keys are counted, with a line per doubling; lines stay short.</summary>
public sealed class ExclusionLogTests
{
    [Fact]
    public void Update_SameExclusionsAgain_NothingFresh()
    {
        var log = new ExclusionLog();
        log.Update([Excluded("a"), Excluded("b")]);

        var (fresh, total) = log.Update([Excluded("a"), Excluded("b"), Excluded("c")]);

        Assert.Equal(["/vxmesh/nodes/east/c"], fresh.Select(e => e.Key));
        Assert.Equal(3, total);
    }

    [Fact]
    public void Update_KeyBackInTheMeshThenOutAgain_FreshAgain()
    {
        var log = new ExclusionLog();
        log.Update([Excluded("a")]);
        log.Update([]);

        Assert.Single(log.Update([Excluded("a")]).Fresh);
    }

    [Fact]
    public void Describe_TenThousand_FiveNamedRestCountedLineShort()
    {
        var many = Enumerable.Range(0, 10_000).Select(i => Excluded($"junk{i}", new string('r', 5_000))).ToList();

        var line = ExclusionLog.Describe(many);

        Assert.Contains("and 9,995 more", line);
        Assert.True(line.Length < 3_000, $"{line.Length} characters");
    }

    [Fact]
    public void ForeignChanged_CountGrowingOneByOneTo10000_FourteenLines()
    {
        var log = new ExclusionLog();

        var lines = Enumerable.Range(1, 10_000).Count(n => log.ForeignChanged(n, out _));

        Assert.Equal(14, lines); // 1, 2, 4, …, 8192
        Assert.False(log.ForeignChanged(0, out _));
        Assert.True(log.ForeignChanged(1, out _));
    }

    private static ExcludedNode Excluded(string name, string reason = "unreadable registration") =>
        new($"/vxmesh/nodes/east/{name}", "east", name, reason);
}
