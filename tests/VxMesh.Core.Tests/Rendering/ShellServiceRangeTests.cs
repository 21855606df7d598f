using VxMesh.Core.Model;
using VxMesh.Core.Planning;
using VxMesh.Core.Rendering;
using VxMesh.Core.Tests.Support;

namespace VxMesh.Core.Tests.Rendering;

/// <summary>The rendered script's remote service ranges: the L4 hash, member nexthops, a resilient group per cluster, its ranges through it.</summary>
public class ShellServiceRangeTests
{
    private static readonly NodeState Plan = Planner.Plan(ArticleMesh.Build(), "multicluster-test-001");

    private static List<string> Lines() => [.. ShellRenderer.Render(Plan, "article").Split('\n')];

    [Fact]
    public void Render_ArticleNode001_MembersThenGroupsThenServiceRoutes()
    {
        var lines = Lines();
        var members = lines.FindAll(l => l.StartsWith("ip nexthop replace id", StringComparison.Ordinal) && l.Contains(" via ", StringComparison.Ordinal));
        var groups = lines.FindAll(l => l.Contains(" group ", StringComparison.Ordinal) && l.StartsWith("ip nexthop replace", StringComparison.Ordinal));
        var routes = lines.FindAll(l => l.StartsWith("ip route replace", StringComparison.Ordinal) && l.Contains(" nhid ", StringComparison.Ordinal));

        Assert.Equal(4, members.Count);
        Assert.Equal(Plan.Groups.Select(g => g.Id), groups.Select(g => uint.Parse(g.Split(' ')[4])));
        Assert.Equal(Plan.ServiceRoutes.Select(r => $"ip route replace {r.Destination} nhid {r.GroupId} proto 118"), routes);
        Assert.True(lines.IndexOf(members[^1]) < lines.IndexOf(groups[0]) && lines.IndexOf(groups[^1]) < lines.IndexOf(routes[0]));
        Assert.Contains("echo 1 > /proc/sys/net/ipv4/fib_multipath_hash_policy", lines);
    }

    [Fact]
    public void Render_ArticleNode001_GroupNamesItsClustersMembersByTheirNexthopIds()
    {
        var lines = Lines();
        var ids = lines.Where(l => l.StartsWith("ip nexthop replace id", StringComparison.Ordinal) && l.Contains(" via ", StringComparison.Ordinal))
            .ToDictionary(l => l.Split(' ')[6], l => l.Split(' ')[4]);
        var cluster2 = Plan.Groups.Single(g => g.Cluster == "test-cluster2");

        var line = lines.Single(l => l.StartsWith($"ip nexthop replace id {cluster2.Id} group ", StringComparison.Ordinal));

        Assert.Contains($"group {ids["179.17.1.16"]}/{ids["179.17.1.44"]} type resilient buckets 1024 idle_timer 120 unbalanced_timer 600 proto 118", line);
        Assert.All(ids.Values, id => Assert.InRange(uint.Parse(id), Ownership.NexthopIdBase, Ownership.GroupIdBase - 1));
    }

    [Fact]
    public void Render_NoRemoteServiceRanges_NoGroupSection()
    {
        var inventory = ArticleMesh.Build();
        inventory = inventory with { Clusters = inventory.Clusters.Select(c => c with { ServiceCidrs = ValueList<System.Net.IPNetwork>.Empty }).ToValueList() };

        var script = ShellRenderer.Render(Planner.Plan(inventory, "multicluster-test-001"), "article");

        Assert.DoesNotContain("nexthop", script);
        Assert.DoesNotContain("fib_multipath_hash_policy", script);
    }
}
