using VxMesh.Core.Planning;
using VxMesh.Core.Rendering;
using VxMesh.Core.Tests.Support;

namespace VxMesh.Core.Tests.Rendering;

/// <summary>Safe to run twice: nothing blindly adds, so a second run cannot fail on "File exists".</summary>
public class ShellIdempotenceTests
{
    public static TheoryData<string> Nodes => ["multicluster-test-001", "multicluster-test-003", "multicluster-test-006"];

    [Theory]
    [MemberData(nameof(Nodes))]
    public void Render_ArticleNode_NoAddExceptTheGuardedLinkAdd(string node)
    {
        var lines = ShellRenderer.Render(Planner.Plan(ArticleMesh.Build(), node), "seed-000.yaml").Split('\n');

        var adds = Enumerable.Range(0, lines.Length)
            .Where(i => !lines[i].TrimStart().StartsWith('#') && (lines[i].Contains(" add ") || lines[i].Contains("append")))
            .ToList();

        var only = Assert.Single(adds);
        Assert.StartsWith("  { ip link add vxlan-test ", lines[only]);
        Assert.EndsWith("|| \\", lines[only - 1]);
        Assert.StartsWith("ip link show dev vxlan-test", lines[only - 1]);
    }

    [Theory]
    [MemberData(nameof(Nodes))]
    public void Render_ArticleNode_NoArticleStyleCommandsLeft(string node)
    {
        var script = ShellRenderer.Render(Planner.Plan(ArticleMesh.Build(), node), "seed-000.yaml");

        Assert.DoesNotContain("arp -s", script);
        Assert.DoesNotContain("route add", script);
        Assert.DoesNotContain("ip addr add", script);
        Assert.DoesNotContain("fdb append", script);
    }
}
