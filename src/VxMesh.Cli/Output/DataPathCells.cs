using Spectre.Console;
using VxMesh.Agent.Probing;

namespace VxMesh.Cli.Output;

/// <summary>The data-path columns `status --agent-port` adds to the registry's and the API's node tables.</summary>
public static class DataPathCells
{
    public static readonly string[] Columns = ["data path", "rtt p50", "path since"];

    public static string[] Of(IReadOnlyDictionary<string, NodePathSummary> paths, string cluster, string node, DateTimeOffset now)
    {
        if (!paths.TryGetValue($"{cluster}/{node}", out var p))
        {
            return ["[grey]not asked[/]", "", ""];
        }
        var state = p.State switch
        {
            PathHealth.Up => "[green]up[/]",
            PathHealth.Degraded => "[yellow]degraded[/]",
            PathHealth.Down => $"[red]down[/] ({p.SeenDown}/{p.SeenBy} peers)",
            _ => "[grey]unknown[/]",
        };
        if (!p.OwnAgent)
        {
            state += " [yellow](its agent did not answer)[/]";
        }
        if (p.Conflicts.Count > 0)
        {
            state += $" [yellow]({p.Conflicts.Count} conflicts: {Markup.Escape(string.Join("; ", p.Conflicts))})[/]";
        }
        return [state, p.RttP50Ms is { } rtt ? $"{rtt:0.000} ms" : "-",
            p.LastChange is { } at ? $"{Math.Max(0, (now - at).TotalSeconds):0} s ago" : "-"];
    }

    /// <summary>Adds the columns to <paramref name="table"/> when paths were asked for.</summary>
    public static void AddColumns(Table table, IReadOnlyDictionary<string, NodePathSummary>? paths)
    {
        if (paths is not null)
        {
            table.AddColumns(Columns);
        }
    }

    /// <summary>A row's cells, with the data-path cells after them when paths were asked for.</summary>
    public static string[] Row(string[] cells, IReadOnlyDictionary<string, NodePathSummary>? paths, string cluster, string node, DateTimeOffset now) =>
        paths is null ? cells : [.. cells, .. Of(paths, cluster, node, now)];
}
