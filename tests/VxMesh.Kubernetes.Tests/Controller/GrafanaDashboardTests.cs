using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using VxMesh.Agent.Metrics;
using VxMesh.Agent.Probing;
using VxMesh.Kubernetes.Controller;
using VxMesh.Tests.Shared;

namespace VxMesh.Kubernetes.Tests.Controller;

/// <summary>
/// deploy/grafana/vxmesh-dashboard.json: importable (Grafana's shape, a datasource input, panels that do not
/// overlap), and every series it queries is one the agent or the controller really renders and docs/metrics.md
/// describes. The queries themselves are run against a real Prometheus in the seed lab (SeedLabTests).
/// </summary>
public partial class GrafanaDashboardTests
{
    private static readonly JsonNode Dashboard = DashboardQueries.Dashboard();

    [GeneratedRegex(@"\bvxmesh_[a-z_]+")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"^# TYPE (\S+) (\S+)$", RegexOptions.Multiline)]
    private static partial Regex TypeLine();

    [Fact]
    public void Dashboard_HasGrafanasShape_WithADatasourceInputAndAnInstanceVariable()
    {
        Assert.Equal("VxMesh", (string)Dashboard["title"]!);
        Assert.False(string.IsNullOrEmpty((string?)Dashboard["uid"]));
        Assert.Equal("prometheus", (string)Dashboard["__inputs"]![0]!["pluginId"]!);
        var variables = Dashboard["templating"]!["list"]!.AsArray().Select(v => ((string)v!["name"]!, (string)v["type"]!)).ToList();
        Assert.Equal([("datasource", "datasource"), ("instance", "query")], variables);
        var panels = Dashboard["panels"]!.AsArray();
        Assert.Equal(panels.Count, panels.Select(p => (int)p!["id"]!).Distinct().Count());
    }

    [Fact]
    public void Panels_EachQueriesThroughTheDatasourceVariable_AndNoneOverlap()
    {
        var placed = new List<(int X, int Y, int W, int H, string Title)>();
        foreach (var panel in Dashboard["panels"]!.AsArray())
        {
            var grid = panel!["gridPos"]!;
            var (x, y, w, h) = ((int)grid["x"]!, (int)grid["y"]!, (int)grid["w"]!, (int)grid["h"]!);
            var title = (string)panel["title"]!;
            Assert.True(x >= 0 && w > 0 && x + w <= 24, $"{title} does not fit the 24 columns");
            Assert.DoesNotContain(placed, p => x < p.X + p.W && p.X < x + w && y < p.Y + p.H && p.Y < y + h);
            placed.Add((x, y, w, h, title));
            if ((string)panel["type"]! == "row")
            {
                continue;
            }
            Assert.False(string.IsNullOrEmpty((string?)panel["description"]), $"{title} has no description");
            var targets = panel["targets"]!.AsArray();
            Assert.NotEmpty(targets);
            Assert.All(targets, t => Assert.Equal("${datasource}", (string)t!["datasource"]!["uid"]!));
            Assert.All(targets, t => Assert.Contains("instance=~\"$instance\"", (string)t!["expr"]!, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void EverySeriesQueried_IsRenderedByTheAgentOrTheController()
    {
        var rendered = Families(AgentText()).Concat(Families(ControllerText())).ToHashSet(StringComparer.Ordinal);

        var queried = DashboardQueries.Expressions().SelectMany(e => MetricName().Matches(e).Select(m => m.Value)).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(queried.Except(rendered));
        // The dashboard covers both processes' essentials.
        Assert.Contains("vxmesh_peers", queried);
        Assert.Contains("vxmesh_controller_leader", queried);
    }

    [Fact]
    public void EveryFamilyRendered_IsDocumentedInMetricsMd()
    {
        var docs = File.ReadAllText(Repo.Path("docs", "metrics.md"));
        var families = TypeLine().Matches(AgentText() + ControllerText()).Select(m => m.Groups[1].Value).Distinct();

        var undocumented = families.Where(f => !docs.Contains($"| `{f}` |", StringComparison.Ordinal)).ToList();

        Assert.True(undocumented.Count == 0, $"not in docs/metrics.md's tables: {string.Join(", ", undocumented)}");
    }

    /// <summary>Series names a family's samples carry: the family, and for histograms its _bucket, _sum and _count.</summary>
    private static IEnumerable<string> Families(string text) =>
        TypeLine().Matches(text).SelectMany(m => m.Groups[2].Value == "histogram"
            ? new[] { m.Groups[1].Value + "_bucket", m.Groups[1].Value + "_sum", m.Groups[1].Value + "_count" }
            : [m.Groups[1].Value]);

    private static string AgentText()
    {
        var table = new PeerHealthTable(ProbeThresholds.Default);
        table.SetTargets([new ProbeTarget("c2", "n3", IPAddress.Parse("198.18.250.16"))], DateTimeOffset.UnixEpoch);
        var metrics = new AgentMetrics { Peers = table, RegistryLoads = () => 1 };
        var text = metrics.Render();
        ExpositionParser.Parse(text);
        return text;
    }

    private static string ControllerText()
    {
        var text = new ControllerMetrics { RegistryLoads = () => 1 }.Render();
        ExpositionParser.Parse(text);
        return text;
    }
}
