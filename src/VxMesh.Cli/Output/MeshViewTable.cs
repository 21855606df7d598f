using Spectre.Console;
using VxMesh.Kubernetes;

namespace VxMesh.Cli.Output;

/// <summary>The human view of `vxmesh status --kubernetes`: one row per node of every cluster.</summary>
public static class MeshViewTable
{
    public static void Write(MeshView view)
    {
        AnsiConsole.MarkupLine($"cluster [bold]{Markup.Escape(view.Cluster)}[/], registry {Markup.Escape(view.Etcd)}; {view.Clusters.Count - 1} remote clusters");
        var table = new Table().Border(TableBorder.Rounded).AddColumns("cluster", "node", "underlay", "vtep ip", "vtep mac", "blocks", "state", "last seen");
        DataPathCells.AddColumns(table, view.DataPaths);
        var now = DateTimeOffset.UtcNow;
        foreach (var cluster in view.Clusters)
        {
            if (cluster.Nodes.Count == 0)
            {
                table.AddRow(DataPathCells.Row([Markup.Escape(cluster.Name), "[grey](no node registered)[/]", "", "", "", "", cluster.Local ? "" : "[yellow]empty[/]", ""],
                    view.DataPaths, cluster.Name, "", now));
            }
            foreach (var node in cluster.Nodes)
            {
                var state = cluster.Local ? node.Registered ? "[green]registered[/]" : "[red]not registered[/]" : "[green]in mesh[/]";
                table.AddRow(DataPathCells.Row([Markup.Escape(cluster.Name + (cluster.Local ? " (this)" : "")), Markup.Escape(node.Name), node.Ip ?? "", node.VtepIp ?? "-",
                    node.VtepMac ?? "-", Markup.Escape(string.Join(", ", node.Blocks)), state, Age(node.LastSeen)], view.DataPaths, cluster.Name, node.Name, now));
            }
        }
        AnsiConsole.Write(table);
    }

    /// <summary>"12 s ago" from an ISO time (the JSON keeps the time itself).</summary>
    private static string Age(string? at) =>
        DateTimeOffset.TryParse(at, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t)
            ? $"{Math.Max(0, (DateTimeOffset.UtcNow - t).TotalSeconds):0} s ago" : "";
}
