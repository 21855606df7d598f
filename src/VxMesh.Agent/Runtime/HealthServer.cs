using System.Net;
using Microsoft.Extensions.Logging;
using VxMesh.Agent.Metrics;
using VxMesh.Agent.Probing;
using VxMesh.Core.Rendering;

namespace VxMesh.Agent.Runtime;

/// <summary>
/// The agent's health endpoints, for a DaemonSet's probes (`--health-address IP:PORT`, alias `--metrics-address`):
/// <c>/healthz</c> is 200 while the loop turns (liveness: a wedged agent gets restarted),
/// <c>/readyz</c> is 200 once a pass has converged and while the registry's view is fresh
/// (readiness: a rollout waits for a node to be programmed before moving on). Plain HTTP on the
/// address given, a one-line JSON body; anything else is 404. The work per request is reading
/// three timestamps, so probes cost the agent nothing.
/// <para>
/// The same listener serves <c>/metrics</c> (Prometheus text, docs/metrics.md) and <c>/peers</c> (the
/// overlay probes' view of every peer as JSON, what `vxmesh status --agent` shows) when given them.
/// </para>
/// </summary>
public sealed partial class HealthServer : IAsyncDisposable
{
    private readonly EndpointListener listener;
    private readonly AgentHealth health;
    private readonly TimeSpan liveWithin;
    private readonly TimeSpan freshWithin;
    private readonly ILogger logger;
    private readonly AgentMetrics? metrics;
    private readonly Func<PeerPathView>? peers;

    /// <param name="resync">The loop wakes at least this often; liveness allows three of them, freshness five.</param>
    public HealthServer(IPEndPoint address, AgentHealth health, TimeSpan resync, ILogger logger,
        AgentMetrics? metrics = null, Func<PeerPathView>? peers = null)
    {
        this.metrics = metrics;
        this.peers = peers;
        this.health = health;
        this.logger = logger;
        liveWithin = resync * 3;
        freshWithin = resync * 5;
        listener = new EndpointListener(address, Answer);
    }

    public IPEndPoint Address => listener.Address;

    public void Start()
    {
        listener.Start();
        LogListening(Address);
    }

    /// <summary>The reply to a path: pure apart from reading the health state.</summary>
    public EndpointReply Answer(string path) => path switch
    {
        "/healthz" => HealthReply.Of(health.Live(liveWithin), ("loop", health.LastTurn)),
        "/readyz" => HealthReply.Of(health.Ready(freshWithin), ("converged", health.FirstConverged), ("lastView", health.LastUsableView)),
        "/metrics" when metrics is not null => new EndpointReply(200, PrometheusText.ContentType, metrics.Render()),
        "/peers" when peers is not null => EndpointReply.OfJson(200, JsonFormat.Serialize(peers())),
        _ => EndpointReply.OfJson(404, "{\"error\":\"not found: /healthz, /readyz, /metrics or /peers\"}"),
    };

    public ValueTask DisposeAsync() => listener.DisposeAsync();

    [LoggerMessage(EventId = 460, Level = LogLevel.Information, Message = "health endpoints on http://{Address}/healthz, /readyz, /metrics and /peers")]
    private partial void LogListening(IPEndPoint address);
}
