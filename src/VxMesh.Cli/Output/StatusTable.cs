using Spectre.Console;
using VxMesh.Agent.Registry.Etcd;
using VxMesh.Core.Loading;
using VxMesh.Core.Model;

namespace VxMesh.Cli.Output;

/// <summary>The human view of `vxmesh status`: mesh, clusters, nodes with liveness, the last change.</summary>
public static class StatusTable
{
    public static void Write(RegistryStatus status, DateTimeOffset now)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(status.Source)}[/] at revision {status.Revision}");
        AnsiConsole.MarkupLine(status.Mesh is { } m
            ? $"  mesh: vni {m.Vni}, port {m.Port}, device {Markup.Escape(m.Device)}, backend {m.Backend.ToString().ToLowerInvariant()}, " +
              (m.VtepCidr is { } cidr ? $"vtepCidr {cidr}" : "onlink (no vtepCidr)")
            : "  mesh: [red]not loaded[/] (run vxmesh registry load)");
        AnsiConsole.MarkupLine(status.LastChange is { } change
            ? $"  last change: revision {change.Revision}, {Markup.Escape(change.Key)}{Ago(change.Time, now)}"
            : "  last change: none (the prefix is empty)");

        var clusters = new Table().Border(TableBorder.Rounded).AddColumns("cluster", "cni", "pod cidrs", "service cidrs", "nodes in mesh");
        foreach (var c in status.Clusters)
        {
            clusters.AddRow(Markup.Escape(c.Name), c.Cni.ToString().ToLowerInvariant(), string.Join(", ", c.PodCidrs),
                string.Join(", ", c.ServiceCidrs), $"{c.InMesh}/{c.Nodes}");
        }
        AnsiConsole.Write(clusters);

        var nodes = new Table().Border(TableBorder.Rounded)
            .AddColumns("node", "cluster", "ip", "vtep ip", "vtep mac", "pod blocks", "live", "in mesh");
        DataPathCells.AddColumns(nodes, status.DataPaths);
        foreach (var n in status.Nodes)
        {
            nodes.AddRow(DataPathCells.Row([Markup.Escape(n.Name), Markup.Escape(n.Cluster), n.Ip.ToString(), n.VtepIp?.ToString() ?? "-",
                n.VtepMac is null ? "(derived)" : Mac.Format(n.VtepMac), n.PodCidrs.Count == 0 ? "[grey]none yet[/]" : string.Join(", ", n.PodCidrs),
                Liveness(n), n.InMesh ? "[green]yes[/]" : "[yellow]no[/]"], status.DataPaths, n.Cluster, n.Name, now));
        }
        AnsiConsole.Write(nodes);
        foreach (var r in status.Reserved)
        {
            AnsiConsole.MarkupLine($"[grey]reserved[/]: {Markup.Escape(r.Cluster)}/{Markup.Escape(r.Node)} is away; its claim holds ip {r.Ip}, "
                + $"vtep {r.VtepIp?.ToString() ?? "-"} {Mac.Format(r.VtepMac)}, blocks {string.Join(", ", r.PodCidrs)} until {r.HeldUntil:u} "
                + $"(`vxmesh registry release --cluster {Markup.Escape(r.Cluster)} --node {Markup.Escape(r.Node)}` frees it now)");
        }
        foreach (var n in status.Nodes.Where(n => !n.InMesh))
        {
            AnsiConsole.MarkupLine($"[yellow]not in the mesh[/]: {Markup.Escape(n.Cluster)}/{Markup.Escape(n.Name)}: {Markup.Escape(n.Reason ?? "")}");
        }
        foreach (var problem in ProblemReport.Bounded(status.Problems))
        {
            AnsiConsole.MarkupLine($"[red]problem[/]: {Markup.Escape(problem)}");
        }
        var nodeKeys = status.Nodes.Select(n => n.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var bad in status.Undecodable.Where(u => !nodeKeys.Contains(u.Key)))
        {
            AnsiConsole.MarkupLine($"[red]unreadable[/]: {Markup.Escape(bad.Key)}: {Markup.Escape(bad.Error)}");
        }
    }

    private static string Liveness(NodeStatus node) => node switch
    {
        { Static: true } => "[grey]static[/]",
        { Live: true } => $"[green]live[/] ({node.TtlSeconds} s left)",
        _ => "[red]expired[/]",
    };

    private static string Ago(DateTimeOffset? time, DateTimeOffset now) => time is not { } t
        ? ""
        : $" at {t.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z ({Math.Max(0, (now - t).TotalSeconds):F0} s ago)";
}
