using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;

namespace VxMesh.Agent.Runtime;

/// <summary>
/// The agent's health endpoints, for a DaemonSet's probes (`--health-address IP:PORT`):
/// <c>/healthz</c> is 200 while the loop turns (liveness: a wedged agent gets restarted),
/// <c>/readyz</c> is 200 once a pass has converged and while the registry's view is fresh
/// (readiness: a rollout waits for a node to be programmed before moving on). Plain HTTP on the
/// address given, a one-line JSON body; anything else is 404. The work per request is reading
/// three timestamps, so probes cost the agent nothing.
/// </summary>
public sealed partial class HealthServer : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly AgentHealth health;
    private readonly TimeSpan liveWithin;
    private readonly TimeSpan freshWithin;
    private readonly ILogger logger;
    private readonly CancellationTokenSource stop = new();
    private Task? serving;

    /// <param name="resync">The loop wakes at least this often; liveness allows three of them, freshness five.</param>
    public HealthServer(IPEndPoint address, AgentHealth health, TimeSpan resync, ILogger logger)
    {
        this.health = health;
        this.logger = logger;
        liveWithin = resync * 3;
        freshWithin = resync * 5;
        var host = address.Address.Equals(IPAddress.Any) ? "+" : address.Address.ToString();
        listener.Prefixes.Add($"http://{host}:{address.Port}/");
        Address = address;
    }

    public IPEndPoint Address { get; }

    public void Start()
    {
        listener.Start();
        serving = ServeAsync(stop.Token);
        LogListening(Address);
    }

    /// <summary>The status code and body of a path: pure apart from reading the health state.</summary>
    public (int Status, string Body) Answer(string path) => path switch
    {
        "/healthz" => Reply(health.Live(liveWithin), "loop", health.LastTurn),
        "/readyz" => Reply(health.Ready(freshWithin), "converged", health.FirstConverged, health.LastUsableView),
        _ => (404, "{\"error\":\"not found: /healthz or /readyz\"}"),
    };

    private static (int, string) Reply(bool ok, string what, DateTimeOffset? at, DateTimeOffset? view = null)
    {
        var body = $"{{\"ok\":{(ok ? "true" : "false")},\"{what}\":{Stamp(at)}" + (view is null && what == "loop" ? "}" : $",\"lastView\":{Stamp(view)}}}");
        return (ok ? 200 : 503, body);
    }

    private static string Stamp(DateTimeOffset? at) => at is { } t ? $"\"{t:O}\"" : "null";

    private async Task ServeAsync(CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().WaitAsync(cancel);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }
            var (status, body) = Answer(context.Request.Url?.AbsolutePath ?? "/");
            var bytes = Encoding.UTF8.GetBytes(body + "\n");
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            try
            {
                await context.Response.OutputStream.WriteAsync(bytes, cancel);
                context.Response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or IOException or OperationCanceledException)
            {
                // The prober went away: nothing to tell it.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Close();
        if (serving is not null)
        {
            await serving;
        }
        stop.Dispose();
    }

    [LoggerMessage(EventId = 460, Level = LogLevel.Information, Message = "health endpoints on http://{Address}/healthz and /readyz")]
    private partial void LogListening(IPEndPoint address);
}
