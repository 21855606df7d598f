using System.CommandLine;
using Microsoft.Extensions.Logging;
using VxMesh.Agent.Probing;
using VxMesh.Agent.Runtime;

namespace VxMesh.Cli.Commands;

/// <summary>
/// What runs beside an agent loop in both modes: the overlay prober (unless --probe-interval 0) and the
/// health listener with /metrics and /peers (when --health-address is given). Wiring only.
/// </summary>
public sealed class AgentServing : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly HealthServer? health;
    private readonly Task probing = Task.CompletedTask;
    private readonly IcmpProbeSender? sender;

    private AgentServing(HealthServer? health, PathProber? prober, IcmpProbeSender? sender)
    {
        this.health = health;
        this.sender = sender;
        health?.Start();
        if (prober is not null)
        {
            probing = Task.Run(() => prober.RunAsync(stop.Token));
        }
    }

    /// <summary>The peer table the loop feeds, or null when probing is off.</summary>
    public static PeerHealthTable? Table(ParseResult parse, AgentOptionSet o) =>
        parse.GetValue(o.ProbeInterval) > 0
            ? new PeerHealthTable(new ProbeThresholds(parse.GetValue(o.ProbeDownAfter), parse.GetValue(o.ProbeUpAfter)))
            : null;

    public static AgentServing Start(ParseResult parse, AgentOptionSet o, AgentLoop loop, AgentOptions options, ILogger logger, string cluster, string node)
    {
        var interval = TimeSpan.FromSeconds(parse.GetValue(o.ProbeInterval));
        var sender = loop.Probes is null ? null : new IcmpProbeSender();
        var prober = loop.Probes is { } table ? new PathProber(table, sender!, interval, logger) : null;
        var server = o.HealthEndpoint(parse) is { } endpoint
            ? new HealthServer(endpoint, loop.Health, options.Resync, logger, loop.Metrics,
                loop.Probes is { } probes ? () => PeerPathView.Of(cluster, node, DateTimeOffset.UtcNow, interval, probes, loop.Health.Conflicts) : null)
            : null;
        return new AgentServing(server, prober, sender);
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await probing;
        sender?.Dispose();
        if (health is not null)
        {
            await health.DisposeAsync();
        }
        stop.Dispose();
    }
}
