using System.Text.Json.Nodes;
using VxMesh.Cli.Tests.Support;
using VxMesh.Tests.Shared;

namespace VxMesh.Cli.Tests.Verbs;

/// <summary>
/// Remote service ranges in a real kernel (examples/lab-onlink.yaml, node flannel-a-1): calico-b's
/// 198.19.144.0/20 through a resilient group of calico-b's two nodes' nexthops, the L4 multipath hash,
/// drift repaired, a node leaving the group at once, the last one taking the route, uninstall leaving
/// nothing. The oracle is `ip -j nexthop` / `ip -j route` and /proc/sys inside the namespace.
/// </summary>
public sealed class ServiceGroupTests : IDisposable
{
    private const string Node = "flannel-a-1";
    private const string Services = "198.19.144.0/20";
    private static readonly string Inventory = Repo.Path("examples", "lab-onlink.yaml");
    private readonly List<string> files = [];

    [Fact]
    public void AgentOnce_RemoteServiceRange_ResilientGroupOfTheClustersNodesAndL4Hash()
    {
        using var ns = Underlay();

        Vxmesh.RunIn(ns, "agent", "-f", Inventory, "--node", Node, "--once").EnsureSuccess("agent --once");

        var route = ServiceRoute(ns) ?? throw new Xunit.Sdk.XunitException("no route to " + Services);
        var id = (int)route["nhid"]!;
        var group = Nexthop(ns, id);
        Assert.Equal("resilient", (string?)group["type"]);
        Assert.Equal(1024, (int)group["resilient_args"]!["buckets"]!);
        Assert.Equal(["198.19.16.0", "198.19.17.0"], MemberGateways(ns, group));
        // The members are the objects calico-b's pod block routes use.
        var blockNexthops = ns.IpJson("route", "show", "proto", "118").Where(r => ((string?)r!["dst"])?.StartsWith("198.19.1") == true && (string?)r!["dst"] != Services)
            .Select(r => (int)r!["nhid"]!).ToHashSet();
        Assert.Subset(blockNexthops, Members(group).ToHashSet());
        Assert.Equal("1", Sysctl(ns));

        var second = Vxmesh.RunIn(ns, "agent", "-f", Inventory, "--node", Node, "--once").EnsureSuccess("second agent --once");
        Assert.Contains(": 0 changes, converged", second.Stdout);
    }

    [Fact]
    public void AgentOnce_GroupDeletedOrChangedByHand_Restored()
    {
        using var ns = Underlay();
        Vxmesh.RunIn(ns, "agent", "-f", Inventory, "--node", Node, "--once").EnsureSuccess("agent --once");
        var id = (int)ServiceRoute(ns)!["nhid"]!;
        var members = Members(Nexthop(ns, id));

        ns.Ip("nexthop", "del", "id", $"{id}");
        Assert.Null(ServiceRoute(ns));
        Vxmesh.RunIn(ns, "agent", "-f", Inventory, "--node", Node, "--once").EnsureSuccess("repair of a deleted group");
        Assert.Equal(id, (int)ServiceRoute(ns)!["nhid"]!);
        Assert.Equal(members, Members(Nexthop(ns, id)));

        ns.Ip("nexthop", "replace", "id", $"{id}", "group", $"{members[0]}", "type", "resilient", "buckets", "1024", "idle_timer", "120", "unbalanced_timer", "600", "proto", "118");
        Assert.Single(Members(Nexthop(ns, id)));
        var repair = Vxmesh.RunIn(ns, "agent", "-f", Inventory, "--node", Node, "--once").EnsureSuccess("repair of a changed group");
        Assert.Contains(": 1 changes, converged", repair.Stdout);
        Assert.Equal(members, Members(Nexthop(ns, id)));
    }

    [Fact]
    public void AgentOnce_RemoteNodesLeave_GroupShrinksThenRouteAndGroupGo_UninstallLeavesNone()
    {
        using var ns = Underlay();
        Vxmesh.RunIn(ns, "agent", "-f", Inventory, "--node", Node, "--once").EnsureSuccess("agent --once");
        var id = (int)ServiceRoute(ns)!["nhid"]!;

        var oneLeft = Edited(l => !l.Contains("calico-b-2"));
        Vxmesh.RunIn(ns, "agent", "-f", oneLeft, "--node", Node, "--once").EnsureSuccess("agent, calico-b-2 gone");
        Assert.Equal(id, (int)ServiceRoute(ns)!["nhid"]!);
        Assert.Equal(["198.19.16.0"], MemberGateways(ns, Nexthop(ns, id)));

        // A cluster needs a node in a file, so the last one leaves with its cluster (an empty group in a plan is the planner's tests' business).
        var clusterGone = Edited(Between("  - name: calico-b", "lab:"));
        Vxmesh.RunIn(ns, "agent", "-f", clusterGone, "--node", Node, "--once").EnsureSuccess("agent, calico-b gone");
        Assert.Null(ServiceRoute(ns));
        Assert.DoesNotContain(ns.IpJson("nexthop", "show"), n => (int)n!["id"]! == id);

        Vxmesh.RunIn(ns, "agent", "-f", Inventory, "--node", Node, "--once").EnsureSuccess("agent, all back");
        Assert.NotNull(ServiceRoute(ns));
        Vxmesh.RunIn(ns, "agent", "-f", Inventory, "--node", Node, "--uninstall").EnsureSuccess("uninstall");
        Assert.Empty(ns.IpJson("nexthop", "show", "proto", "118"));
        Assert.Empty(ns.IpJson("route", "show", "proto", "118"));
    }

    [Fact]
    public void RenderedShell_RemoteServiceRange_RunsTwiceAndAnAgentAdoptsItsGroup()
    {
        using var ns = Underlay();
        var script = Vxmesh.Run("render", "-f", Inventory, "--format", "shell", "--node", Node).EnsureSuccess("render").Stdout;

        ns.Exec(["sh", "-e"], stdin: script).EnsureSuccess("first run of the rendered script");
        ns.Exec(["sh", "-e"], stdin: script).EnsureSuccess("second run of the rendered script");

        var id = (int)ServiceRoute(ns)!["nhid"]!;
        var group = Nexthop(ns, id);
        Assert.Equal("resilient", (string?)group["type"]);
        Assert.Equal(["198.19.16.0", "198.19.17.0"], MemberGateways(ns, group));
        Assert.Equal("1", Sysctl(ns));

        var agent = Vxmesh.RunIn(ns, "agent", "-f", Inventory, "--node", Node, "--once").EnsureSuccess("agent after the script");
        Assert.Contains("converged", agent.Stdout);
        Assert.Equal(id, (int)ServiceRoute(ns)!["nhid"]!);
        Assert.Equal(Members(group), Members(Nexthop(ns, id)));
    }

    private static TestNamespace Underlay() => new TestNamespace("vxsvc").WithUnderlay("198.18.1.11/24");

    private static JsonNode? ServiceRoute(TestNamespace ns) =>
        ns.IpJson("route", "show", "proto", "118").SingleOrDefault(r => (string?)r!["dst"] == Services);

    private static JsonNode Nexthop(TestNamespace ns, int id) => ns.IpJson("nexthop", "show", "id", $"{id}").Single()!;

    private static int[] Members(JsonNode group) => [.. group["group"]!.AsArray().Select(m => (int)m!["id"]!).Order()];

    private static string[] MemberGateways(TestNamespace ns, JsonNode group) =>
        [.. Members(group).Select(m => (string)Nexthop(ns, m)["gateway"]!).Order(StringComparer.Ordinal)];

    private static string Sysctl(TestNamespace ns) =>
        ns.Exec(["cat", "/proc/sys/net/ipv4/fib_multipath_hash_policy"]).EnsureSuccess("read sysctl").Stdout.Trim();

    /// <summary>Drops the lines from <paramref name="first"/> up to (not including) <paramref name="next"/>.</summary>
    private static Func<string, bool> Between(string first, string next)
    {
        var dropping = false;
        return line =>
        {
            dropping = line == first || (dropping && line != next);
            return !dropping;
        };
    }

    private string Edited(Func<string, bool> keep)
    {
        var path = Path.Combine(Path.GetTempPath(), $"vxmesh-svc-{Guid.NewGuid():N}.yaml");
        File.WriteAllLines(path, File.ReadAllLines(Inventory).Where(keep).ToList());
        files.Add(path);
        return path;
    }

    public void Dispose()
    {
        foreach (var file in files)
        {
            File.Delete(file);
        }
    }
}
