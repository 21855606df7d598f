using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using VxMesh.Agent.Metrics;
using VxMesh.Agent.Probing;
using VxMesh.Agent.Runtime;
using VxMesh.Core.Rendering;
using VxMesh.Tests.Shared;

namespace VxMesh.Agent.Tests.Metrics;

/// <summary>The health listener's routes without a socket: /metrics and /peers only when given.</summary>
public class HealthServerRoutesTests
{
    private static readonly IPEndPoint Nowhere = new(IPAddress.Loopback, 1);

    [Fact]
    public void Answer_Metrics_PrometheusTextThatParses()
    {
        var server = new HealthServer(Nowhere, new AgentHealth(), TimeSpan.FromSeconds(30), NullLogger.Instance, new AgentMetrics());

        var (status, _, body) = server.Answer("/metrics");

        Assert.Equal(200, status);
        Assert.Equal(1, ExpositionParser.Parse(body)[$"vxmesh_build_info{{version=\"{AgentMetrics.Version}\"}}"]);
    }

    [Fact]
    public void Answer_PeersWithoutProbing_NotFound()
    {
        var server = new HealthServer(Nowhere, new AgentHealth(), TimeSpan.FromSeconds(30), NullLogger.Instance, new AgentMetrics());

        Assert.Equal(404, server.Answer("/peers").Status);
    }

    [Fact]
    public void Answer_Peers_JsonWithEveryPeerAndItsState()
    {
        var table = new PeerHealthTable(new ProbeThresholds(DownAfter: 1));
        var at = new DateTimeOffset(2026, 12, 3, 6, 0, 0, TimeSpan.Zero);
        var peer = new ProbeTarget("c2", "n3", IPAddress.Parse("198.18.250.16"));
        table.SetTargets([peer], at);
        table.Record(peer, null, at);
        var server = new HealthServer(Nowhere, new AgentHealth(), TimeSpan.FromSeconds(30), NullLogger.Instance, null,
            () => PeerPathView.Of("c1", "n1", at, TimeSpan.FromSeconds(1), table));

        var (status, _, body) = server.Answer("/peers");
        var view = JsonSerializer.Deserialize<PeerPathView>(body, JsonFormat.Options)!;

        Assert.Equal(200, status);
        Assert.Contains("\"state\": \"down\"", body, StringComparison.Ordinal);
        Assert.Equal(PathHealth.Down, view.Peers.Single().State);
        Assert.Equal(IPAddress.Parse("198.18.250.16"), view.Peers.Single().Vtep);
        Assert.Equal(1, view.Peers.Single().Lost);
    }

    [Fact]
    public void Answer_Peers_CarriesTheLastPassesConflicts_CutAfterTwenty()
    {
        var health = new AgentHealth();
        health.SetConflicts([.. Enumerable.Range(1, 25).Select(i => $"route 198.19.{i}.0/24: someone else's route holds the prefix")]);
        var table = new PeerHealthTable(new ProbeThresholds());
        var at = new DateTimeOffset(2026, 12, 4, 6, 0, 0, TimeSpan.Zero);
        var server = new HealthServer(Nowhere, health, TimeSpan.FromSeconds(30), NullLogger.Instance, null,
            () => PeerPathView.Of("c1", "n1", at, TimeSpan.FromSeconds(1), table, health.Conflicts));

        var view = JsonSerializer.Deserialize<PeerPathView>(server.Answer("/peers").Body, JsonFormat.Options)!;

        Assert.Equal(AgentHealth.ConflictsShown + 1, view.Conflicts!.Count);
        Assert.Equal("route 198.19.1.0/24: someone else's route holds the prefix", view.Conflicts[0]);
        Assert.Equal("… and 5 more", view.Conflicts[^1]);
    }
}
