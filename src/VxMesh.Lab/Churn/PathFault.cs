using System.Diagnostics;
using VxMesh.Lab.Runtime;

namespace VxMesh.Lab.Churn;

/// <param name="Action">break or restore.</param>
/// <param name="StartedAt">The wall-clock moment just before the first nft command: a break or restore is in force no earlier.</param>
public sealed record PathFaultReport(string Lab, string Action, string NodeA, string NodeB, int Port, DateTimeOffset StartedAt, double ElapsedMs);

/// <summary>
/// `lab path break|restore LAB A B`: the overlay path between two nodes dies while everything else
/// lives. In each of the two node namespaces an nftables table of the lab's own
/// (<c>inet vxmesh_lab_cut_OTHER</c>, hooked before VxMesh's filter) drops VXLAN — UDP to the mesh
/// port — to and from the other node's underlay address; the underlay itself (ping, etcd) stays up,
/// so the agents keep their registrations and only the overlay probes notice. Restore deletes the
/// two tables. Both are idempotent: breaking a broken path replaces its tables, restoring a whole one
/// is done.
/// </summary>
public static class PathFault
{
    public static async Task<PathFaultReport> BreakAsync(string lab, string a, string b, CancellationToken cancel) =>
        await RunAsync(lab, a, b, "break", cancel);

    public static async Task<PathFaultReport> RestoreAsync(string lab, string a, string b, CancellationToken cancel) =>
        await RunAsync(lab, a, b, "restore", cancel);

    /// <summary>The table that cuts <paramref name="peer"/> off, as nft names it (identifiers: letters, digits, underscores).</summary>
    public static string TableName(string peer) => "vxmesh_lab_cut_" + new string([.. peer.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]);

    /// <summary>The ruleset that drops VXLAN to and from <paramref name="peer"/>; `nft -f` replaces it whole (add + flush).</summary>
    public static string Rules(string peerName, System.Net.IPAddress peer, int port)
    {
        var table = TableName(peerName);
        var family = peer.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "ip6" : "ip";
        return $$"""
            add table inet {{table}}
            flush table inet {{table}}
            add chain inet {{table}} input { type filter hook input priority -200; }
            add chain inet {{table}} output { type filter hook output priority -200; }
            add rule inet {{table}} input {{family}} saddr {{peer}} udp dport {{port}} drop
            add rule inet {{table}} output {{family}} daddr {{peer}} udp dport {{port}} drop

            """;
    }

    private static async Task<PathFaultReport> RunAsync(string lab, string a, string b, string action, CancellationToken cancel)
    {
        using var session = await LabSession.OpenAsync(lab, cancel);
        if (a == b)
        {
            throw new LabInputException($"a path needs two different nodes, and both are '{a}'");
        }
        var (nodeA, nodeB) = (session.RequireNode(a), session.RequireNode(b));
        var port = session.Topology().Inventory.Mesh.Port;
        var startedAt = TimeProvider.System.GetUtcNow();
        var clock = Stopwatch.StartNew();
        foreach (var (self, other) in new[] { (nodeA, nodeB), (nodeB, nodeA) })
        {
            if (action == "break")
            {
                await ProcessRunner.RunCheckedAsync($"cutting VXLAN to {other.Name} in {self.Namespace}", "ip",
                    Netns.Exec(self.Namespace, "nft", "-f", "-"), Timeouts.Command, cancel, Rules(other.Name, other.Ip, port));
            }
            else
            {
                // Gone already (never broken, or restored twice) is restored.
                await ProcessRunner.RunAsync("ip", Netns.Exec(self.Namespace, "nft", "delete", "table", "inet", TableName(other.Name)), Timeouts.Command, cancel);
            }
        }
        return new PathFaultReport(lab, action, a, b, port, startedAt, clock.Elapsed.TotalMilliseconds);
    }
}
