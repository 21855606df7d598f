using VxMesh.Agent.Probing;

namespace VxMesh.Agent.Metrics;

/// <summary>The probe families: peers by state, and per peer its state, last RTT and probe counters.</summary>
internal static class PeerMetrics
{
    public static void Write(PrometheusText text, IReadOnlyList<PeerHealth> peers)
    {
        text.Family("vxmesh_peers", "gauge", "Peers by overlay path state (unknown, up, degraded, down).");
        foreach (var health in Enum.GetValues<PathHealth>())
        {
            text.Sample("vxmesh_peers", peers.Count(p => p.State.Health == health), ("state", Name(health)));
        }
        text.Family("vxmesh_peer_path_state", "gauge", "1 for the peer's current overlay path state, 0 for the others.");
        foreach (var peer in peers)
        {
            foreach (var health in Enum.GetValues<PathHealth>())
            {
                text.Sample("vxmesh_peer_path_state", peer.State.Health == health ? 1 : 0,
                    ("cluster", peer.Target.Cluster), ("node", peer.Target.Node), ("state", Name(health)));
            }
        }
        Each(text, peers, "vxmesh_peer_path_last_change_timestamp_seconds", "gauge", "Unix time the peer's path state last changed (or it was first seen).",
            p => p.State.Since.ToUnixTimeMilliseconds() / 1000.0);
        Each(text, peers, "vxmesh_probe_rtt_seconds", "gauge", "Round trip of the last answered overlay probe (NaN before any).",
            p => p.State.Rtt is { } rtt ? rtt.TotalSeconds : double.NaN);
        Each(text, peers, "vxmesh_probes_sent_total", "counter", "Overlay probes sent to the peer.", p => p.State.Sent);
        Each(text, peers, "vxmesh_probes_lost_total", "counter", "Overlay probes to the peer that went unanswered within the interval.", p => p.State.Lost);
    }

    public static string Name(PathHealth health) => health switch
    {
        PathHealth.Up => "up",
        PathHealth.Degraded => "degraded",
        PathHealth.Down => "down",
        _ => "unknown",
    };

    private static void Each(PrometheusText text, IReadOnlyList<PeerHealth> peers, string name, string type, string help, Func<PeerHealth, double> value)
    {
        text.Family(name, type, help);
        foreach (var peer in peers)
        {
            text.Sample(name, value(peer), ("cluster", peer.Target.Cluster), ("node", peer.Target.Node));
        }
    }
}
