using Spectre.Console;
using VxMesh.Agent.Probing;

namespace VxMesh.Cli.Output;

/// <summary>The human view of `vxmesh status --agent`: per agent, one row per peer path.</summary>
public static class PeerPathTable
{
    public static void Write(PeerPathReport report, DateTimeOffset now)
    {
        foreach (var agent in report.Agents)
        {
            if (agent.View is not { } view)
            {
                AnsiConsole.MarkupLine($"agent {Markup.Escape(agent.Address)}: [red]{Markup.Escape(agent.Error ?? "no view")}[/]");
                continue;
            }
            AnsiConsole.MarkupLine($"agent [bold]{Markup.Escape(view.Cluster)}/{Markup.Escape(view.Node)}[/] ({Markup.Escape(agent.Address)}): " +
                $"probes every {view.IntervalSeconds:0.###} s, down after {view.DownAfter}, up after {view.UpAfter}");
            var table = new Table().Border(TableBorder.Rounded).AddColumns("cluster", "node", "vtep", "path", "rtt", "lost/sent", "since");
            foreach (var peer in view.Peers)
            {
                table.AddRow(Markup.Escape(peer.Cluster), Markup.Escape(peer.Node), peer.Vtep.ToString(), State(peer.State),
                    peer.RttMs is { } rtt ? $"{rtt:0.###} ms" : "-", $"{peer.Lost}/{peer.Sent}", $"{Math.Max(0, (now - peer.Since).TotalSeconds):0} s ago");
            }
            AnsiConsole.Write(table);
            foreach (var conflict in view.Conflicts ?? [])
            {
                AnsiConsole.MarkupLine($"  [yellow]conflict[/] {Markup.Escape(conflict)}");
            }
        }
    }

    private static string State(PathHealth health) => health switch
    {
        PathHealth.Up => "[green]up[/]",
        PathHealth.Degraded => "[yellow]degraded[/]",
        PathHealth.Down => "[red]down[/]",
        _ => "[grey]unknown[/]",
    };
}
