using VxMesh.Agent.Metrics;
using VxMesh.Agent.Runtime;

namespace VxMesh.Kubernetes.Controller;

/// <summary>
/// The controller's `--metrics-address` paths: <c>/healthz</c> and <c>/readyz</c> for the Deployment's probes
/// (see <see cref="ControllerHealth"/> for what each means per role) and <c>/metrics</c>. A pure path → reply
/// function; <see cref="EndpointListener"/> puts it on a socket.
/// </summary>
public sealed class ControllerEndpoints(ControllerHealth health, ControllerMetrics metrics)
{
    /// <summary>The leader passes at least every 30 s: live within three of them, its view fresh within five.</summary>
    public static readonly TimeSpan LiveWithin = TimeSpan.FromSeconds(90);
    public static readonly TimeSpan FreshWithin = TimeSpan.FromSeconds(150);

    public EndpointReply Answer(string path) => path switch
    {
        "/healthz" => HealthReply.Of(health.Live(LiveWithin), ("role", Role), ("loop", health.LastTurn)),
        "/readyz" => HealthReply.Of(health.Ready(FreshWithin), ("role", Role), ("leader", health.Leader),
            ("converged", health.Converged), ("lastView", health.LastView)),
        "/metrics" => new EndpointReply(200, PrometheusText.ContentType, metrics.Render()),
        _ => EndpointReply.OfJson(404, "{\"error\":\"not found: /healthz, /readyz or /metrics\"}"),
    };

    private string Role => health.Leading ? "leader" : "standby";
}
