using Spectre.Console;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;

namespace VxMesh.Cli.Output;

/// <summary>The human view of plans: one block per node, one row per peer.</summary>
public static class PlanTable
{
    public static void Write(IReadOnlyList<NodeState> states)
    {
        foreach (var state in states)
        {
            var d = state.Device;
            AnsiConsole.MarkupLine(
                $"[bold]{Markup.Escape(state.Node)}[/] (cluster {Markup.Escape(state.Cluster)}): " +
                $"{Markup.Escape(d.Name)} vni {d.Vni} port {d.Port} local {d.Local} dev {Markup.Escape(d.UnderlayDev ?? "(discovered)")} " +
                $"mac {Mac.Format(d.Mac)} addr {state.Address}");
            AnsiConsole.MarkupLine($"  MTU: {Markup.Escape(DescribeMtu(state.Mtu))}");

            var table = new Table().Border(TableBorder.Rounded)
                .AddColumns("peer", "cluster", "underlay", "vtep ip", "vtep mac", "path", "routed blocks");
            foreach (var peer in state.Peers)
            {
                table.AddRow(
                    Markup.Escape(peer.Node), Markup.Escape(peer.Cluster), peer.Underlay.ToString(), peer.VtepIp.ToString(),
                    Mac.Format(peer.VtepMac), peer.Path == PeerPath.Vxlan ? "vxlan" : "host-gw",
                    peer.Routed ? string.Join(", ", peer.Blocks) : "[grey]own cluster: CNI routes it[/]");
            }
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"  {state.Neighbors.Count} ARP, {state.Fdb.Count} FDB, {state.Routes.Count} routes");
            foreach (var group in state.Groups)
            {
                var ranges = state.ServiceRoutes.Where(r => r.GroupId == group.Id).Select(r => r.Destination.ToString());
                AnsiConsole.MarkupLine(
                    $"  services of {Markup.Escape(group.Cluster)}: {Markup.Escape(string.Join(", ", ranges))} via group {group.Id} " +
                    $"({group.Members.Count} nodes: {Markup.Escape(string.Join(", ", group.Members.Select(m => m.Peer)))}; {Markup.Escape(group.Shape.ToString())})");
            }
            foreach (var sysctl in state.Sysctls)
            {
                AnsiConsole.MarkupLine($"  sysctl {Markup.Escape(sysctl.ToString())}");
            }
            foreach (var warning in state.Warnings)
            {
                AnsiConsole.MarkupLine($"  [yellow]warning:[/] {Markup.Escape(warning)}");
            }
            AnsiConsole.WriteLine();
        }
    }

    private static string DescribeMtu(MtuReport mtu)
    {
        var underlay = mtu.UnderlayMtuAssumed ? $"underlay {mtu.UnderlayMtu} (assumed)" : $"underlay {mtu.UnderlayMtu}";
        var device = mtu.DeviceMtuConfigured ? $"device {mtu.DeviceMtu} (mesh.mtu)" : $"device {mtu.DeviceMtu} = {underlay} - {mtu.Overhead}";
        var pods = mtu.PodMtu is { } p ? $", pods {p}" : ", pod MTU not declared";
        return device + pods;
    }
}
