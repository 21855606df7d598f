using VxMesh.Core.Model;
using VxMesh.Core.Planning;
using VxMesh.Core.Rendering;
using VxMesh.Core.Tests.Support;

namespace VxMesh.Core.Tests.Rendering;

/// <summary>The script for the article's node 001: its commands, corrected to create-or-replace.</summary>
public class ShellArticleCommandsTests
{
    private const string Node = "multicluster-test-001";

    private static string[] Lines() =>
        ShellRenderer.Render(Planner.Plan(ArticleMesh.Build(), Node), "seed-000.yaml").Split('\n');

    [Fact]
    public void Render_ArticleNode001_CreatesDeviceLikeTheArticleGuardedByShow()
    {
        var lines = Lines();

        var add = Array.IndexOf(lines, "  { ip link add vxlan-test type vxlan id 10001 dstport 4899 local 192.168.0.21 dev eth0 nolearning && ip link set dev vxlan-test alias vxmesh; }");
        Assert.True(add > 0, "no ip link add line");
        Assert.Equal("ip link show dev vxlan-test >/dev/null 2>&1 || \\", lines[add - 1]);
        Assert.Contains("ip link set dev vxlan-test address c2:6a:9b:e5:39:8d", lines);
        Assert.Contains("ip addr replace 179.17.1.21/24 dev vxlan-test", lines);
        Assert.Contains("ip link set dev vxlan-test up", lines);
    }

    [Fact]
    public void Render_ArticleNode001_ArpEntriesAsPermanentNeighReplaceWithVxmeshProtocol()
    {
        var expected = ArticleCommands.Arp(ArticleCommands.NeighborsByNode[Node])
            .Select(n => $"ip neigh replace {n.Ip} lladdr {Mac.Format(n.Mac)} dev vxlan-test nud permanent protocol 118");

        var neigh = Lines().Where(l => l.StartsWith("ip neigh", StringComparison.Ordinal)).ToList();

        Assert.Equal(expected.Order(StringComparer.Ordinal), neigh.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Render_ArticleNode001_FdbEntriesAsSelfPermanentExternLearnFdbReplace()
    {
        var expected = ArticleCommands.Fdb(ArticleCommands.NeighborsByNode[Node])
            .Select(f => $"bridge fdb replace {Mac.Format(f.Mac)} dev vxlan-test dst {f.Destination} self permanent extern_learn");

        var fdb = Lines().Where(l => l.StartsWith("bridge fdb", StringComparison.Ordinal)).ToList();

        Assert.Equal(expected.Order(StringComparer.Ordinal), fdb.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Render_ArticleNode001_RoutesAsRouteReplaceWithVxmeshProtocol()
    {
        var expected = ArticleCommands.Routes(ArticleCommands.RoutesByCluster["test-cluster1"])
            .Select(r => $"ip route replace {r.Destination} via {r.Gateway} dev {r.Device} proto 118");

        // Pod block routes; the remote service ranges (`nhid`, through their groups) are ShellServiceRangeTests' business.
        var routes = Lines().Where(l => l.StartsWith("ip route", StringComparison.Ordinal) && l.Contains(" via ", StringComparison.Ordinal)).ToList();

        Assert.Equal(expected.Order(StringComparer.Ordinal), routes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Render_ArticleNode001_DeviceThenArpThenFdbThenRoutes()
    {
        var lines = Lines().ToList();
        int First(string prefix) => lines.FindIndex(l => l.StartsWith(prefix, StringComparison.Ordinal));
        int Last(string prefix) => lines.FindLastIndex(l => l.StartsWith(prefix, StringComparison.Ordinal));

        Assert.True(Last("ip link set dev vxlan-test up") < First("ip neigh"), "device up before ARP");
        Assert.True(First("ip addr replace") < First("ip neigh"), "address before ARP");
        Assert.True(Last("ip neigh") < First("bridge fdb"), "ARP before FDB");
        Assert.True(Last("bridge fdb") < First("ip route"), "FDB before routes");
    }

    [Fact]
    public void Render_ArticleNode001_ShebangAndStrictMode()
    {
        var lines = Lines();

        Assert.Equal("#!/bin/sh", lines[0]);
        Assert.Contains("set -eu", lines);
        Assert.Contains(lines, l => l.StartsWith('#') && l.Contains(Node) && l.Contains("seed-000.yaml"));
    }
}
