using VxMesh.Cli.Tests.Support;
using VxMesh.Tests.Shared;

namespace VxMesh.Cli.Tests.Article;

/// <summary>
/// The acceptance check: for each of the article's six nodes, the agent (and the
/// rendered script) leaves exactly the kernel state the article's own commands leave, and a
/// second run changes nothing. Each side runs in its own fresh namespace whose eth0 holds
/// the node's address; the veth's peer stays in the namespace, so no packet leaves it.
/// </summary>
public sealed class ArticleEquivalenceTests
{
    private static readonly string Seed = Repo.Path("examples", "seed-000.yaml");

    public static TheoryData<string> Nodes => [.. ArticleCommands.Nodes];

    [Theory]
    [MemberData(nameof(Nodes))]
    public void AgentOnce_ArticleNode_LeavesTheArticlesStateAndSecondRunChangesNothing(string node)
    {
        using var article = ArticleNamespace(node);
        using var agent = new TestNamespace("vxcli").WithUnderlay(UnderlayOf(node));

        var first = Vxmesh.RunIn(agent, "agent", "-f", Seed, "--node", node, "--once").EnsureSuccess("agent --once");
        Assert.Contains("converged", first.Stdout);
        var expected = KernelView.Of(article);
        Assert.Equal(expected, KernelView.Of(agent));

        var second = Vxmesh.RunIn(agent, "agent", "-f", Seed, "--node", node, "--once").EnsureSuccess("second agent --once");
        Assert.Contains(": 0 changes, converged", second.Stdout);
        Assert.Equal(expected, KernelView.Of(agent));
    }

    [Theory]
    [MemberData(nameof(Nodes))]
    public void RenderedShell_ArticleNode_LeavesTheArticlesStateAndRunsTwice(string node)
    {
        using var article = ArticleNamespace(node);
        using var rendered = new TestNamespace("vxcli").WithUnderlay(UnderlayOf(node));
        var script = Vxmesh.Run("render", "-f", Seed, "--format", "shell", "--node", node).EnsureSuccess("render").Stdout;

        rendered.Exec(["sh", "-e"], stdin: script).EnsureSuccess("first run of the rendered script");
        var expected = KernelView.Of(article);
        Assert.Equal(expected, KernelView.Of(rendered));
        rendered.Exec(["sh", "-e"], stdin: script).EnsureSuccess("second run of the rendered script");
        Assert.Equal(expected, KernelView.Of(rendered));
    }

    [Fact]
    public void AgentOnce_AfterRenderedScript_AdoptsItsRoutesAsOwned()
    {
        const string node = "multicluster-test-003";
        using var ns = new TestNamespace("vxcli").WithUnderlay(UnderlayOf(node));
        var script = Vxmesh.Run("render", "-f", Seed, "--format", "shell", "--node", node).EnsureSuccess("render").Stdout;
        ns.Exec(["sh", "-e"], stdin: script).EnsureSuccess("rendered script");
        var before = KernelView.Of(ns);

        // The script's routes carry our protocol, so the agent owns them: it re-points them at
        // nexthop objects (4 routes) and leaves device, ARP and FDB as they are. The objects are
        // the script's own, made for the remote service groups (seed-000 declares serviceCidrs),
        // adopted by what they point at, and so are the groups and their routes.
        var run = Vxmesh.RunIn(ns, "agent", "-f", Seed, "--node", node, "--once").EnsureSuccess("agent --once");
        Assert.Contains(": 4 changes, converged", run.Stdout);
        Assert.Equal(before, KernelView.Of(ns));
    }

    private static TestNamespace ArticleNamespace(string node)
    {
        var ns = new TestNamespace("vxcli").WithUnderlay(UnderlayOf(node));
        try
        {
            foreach (var command in ArticleCommands.For(node))
            {
                ns.Exec(["sh", "-c", command]).EnsureSuccess(command);
            }
            return ns;
        }
        catch
        {
            ns.Dispose();
            throw;
        }
    }

    /// <summary>The node's address from its `ip link add … local X` line, on the article's /24.</summary>
    private static string UnderlayOf(string node)
    {
        var words = ArticleCommands.For(node)[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words[Array.IndexOf(words, "local") + 1] + "/24";
    }
}
