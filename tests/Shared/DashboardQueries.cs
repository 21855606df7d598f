using System.Text.Json.Nodes;

namespace VxMesh.Tests.Shared;

/// <summary>The queries of deploy/grafana/vxmesh-dashboard.json, as Grafana sends them for "All" instances and a 1-minute rate window.</summary>
internal static class DashboardQueries
{
    public static string Path { get; } = Repo.Path("deploy", "grafana", "vxmesh-dashboard.json");

    public static JsonNode Dashboard() => JsonNode.Parse(File.ReadAllText(Path))!;

    public static IReadOnlyList<string> Expressions() =>
        [.. Dashboard()["panels"]!.AsArray().SelectMany(p => p!["targets"]?.AsArray() ?? [])
            .Select(t => ((string)t!["expr"]!).Replace("$instance", ".*", StringComparison.Ordinal).Replace("$__rate_interval", "1m", StringComparison.Ordinal))];
}
