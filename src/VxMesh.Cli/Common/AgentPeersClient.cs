using System.Net;
using System.Text.Json;
using VxMesh.Agent.Probing;
using VxMesh.Cli.Output;
using VxMesh.Core.Rendering;
using VxMesh.Lab.Runtime;

namespace VxMesh.Cli.Common;

/// <summary>
/// Reads `/peers` from agents' health listeners (`vxmesh status --agent|--lab`), all at once, each within
/// a timeout: over HTTP from here, or for a lab's agents from inside their node namespaces (<see cref="AgentHttp"/>).
/// </summary>
public static class AgentPeersClient
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    /// <summary>Where to GET a path of one agent's listener: its address as shown, and how.</summary>
    public sealed record Source(string Address, Func<string, CancellationToken, Task<(int Status, string Body)>> Get);

    /// <summary>The addresses of a comma-separated --agent list; a usage error for anything but IP:PORT.</summary>
    public static IReadOnlyList<Source> Parse(IEnumerable<string> values, HttpClient http) =>
        [.. values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Select(text =>
            IPEndPoint.TryParse(text, out var endpoint) && endpoint.Port > 0
                ? new Source(endpoint.ToString(), async (path, cancel) =>
                {
                    using var response = await http.GetAsync(new Uri($"http://{endpoint}{path}"), cancel);
                    return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancel));
                })
                : throw new UsageException($"--agent '{text}' is not IP:PORT (an agent's --health-address, e.g. 198.18.1.21:9890)"))];

    /// <summary>Every agent of a lab, asked from inside its node's namespace.</summary>
    public static IReadOnlyList<Source> OfLab(LabState state) =>
        [.. state.Nodes.Select(n => new Source(AgentArguments.HealthEndpoint(n.Ip).ToString(), (path, cancel) => AgentHttp.GetAsync(n, path, cancel)))];

    public static async Task<PeerPathReport> ReadAsync(IReadOnlyList<Source> agents, CancellationToken cancel)
    {
        var views = await Task.WhenAll(agents.Select(async agent =>
        {
            try
            {
                var (status, body) = await agent.Get("/peers", cancel);
                return status switch
                {
                    200 => new AgentPeerPaths(agent.Address, JsonSerializer.Deserialize<PeerPathView>(body, JsonFormat.Options), null),
                    404 => new AgentPeerPaths(agent.Address, null, "the agent does not probe (--probe-interval 0)"),
                    0 => new AgentPeerPaths(agent.Address, null, "no answer (is the agent running with --health-address?)"),
                    _ => new AgentPeerPaths(agent.Address, null, $"HTTP {status}"),
                };
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException && !cancel.IsCancellationRequested)
            {
                return new AgentPeerPaths(agent.Address, null, e is TaskCanceledException ? $"no answer within {Timeout.TotalSeconds:0} s" : e.Message);
            }
        }));
        return new PeerPathReport(views);
    }
}
