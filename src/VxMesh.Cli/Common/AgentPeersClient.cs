using System.Net;
using System.Text.Json;
using VxMesh.Agent.Probing;
using VxMesh.Cli.Output;
using VxMesh.Core.Rendering;

namespace VxMesh.Cli.Common;

/// <summary>Reads `/peers` from agents' health listeners (`vxmesh status --agent`), all at once, each within a timeout.</summary>
public static class AgentPeersClient
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    /// <summary>The addresses of a comma-separated --agent list; a usage error for anything but IP:PORT.</summary>
    public static IReadOnlyList<IPEndPoint> Parse(IEnumerable<string> values) =>
        [.. values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Select(text =>
            IPEndPoint.TryParse(text, out var endpoint) && endpoint.Port > 0
                ? endpoint
                : throw new UsageException($"--agent '{text}' is not IP:PORT (an agent's --health-address, e.g. 198.18.1.21:9890)"))];

    public static async Task<PeerPathReport> ReadAsync(IReadOnlyList<IPEndPoint> agents, CancellationToken cancel)
    {
        using var http = new HttpClient { Timeout = Timeout };
        var views = await Task.WhenAll(agents.Select(async endpoint =>
        {
            var address = endpoint.ToString();
            try
            {
                using var response = await http.GetAsync(new Uri($"http://{address}/peers"), cancel);
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return new AgentPeerPaths(address, null, "the agent does not probe (--probe-interval 0)");
                }
                response.EnsureSuccessStatusCode();
                var body = await response.Content.ReadAsStringAsync(cancel);
                return new AgentPeerPaths(address, JsonSerializer.Deserialize<PeerPathView>(body, JsonFormat.Options), null);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException && !cancel.IsCancellationRequested)
            {
                return new AgentPeerPaths(address, null, e is TaskCanceledException ? $"no answer within {Timeout.TotalSeconds:0} s" : e.Message);
            }
        }));
        return new PeerPathReport(views);
    }
}
