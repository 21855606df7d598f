using System.Globalization;

namespace VxMesh.Lab.Runtime;

/// <summary>
/// GETs a path from a lab agent's health listener (/peers, /metrics). The listener is on the node's
/// underlay address inside its namespace, which the root namespace cannot reach (nothing is configured
/// there, by the lab's rules), so the request runs as curl inside the node's own namespace.
/// </summary>
public static class AgentHttp
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    /// <returns>The HTTP status (0 when nothing answered) and the body.</returns>
    public static async Task<(int Status, string Body)> GetAsync(LabNodeState node, string path, CancellationToken cancel)
    {
        var url = $"http://{AgentArguments.HealthEndpoint(node.Ip)}{path}";
        var result = await ProcessRunner.RunAsync("ip", Netns.Exec(node.Namespace, "curl", "-s", "--max-time",
            Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture), "-w", "\n%{http_code}", url), Timeout + TimeSpan.FromSeconds(2), cancel);
        var split = result.Stdout.LastIndexOf('\n');
        return split >= 0 && int.TryParse(result.Stdout.AsSpan(split + 1).Trim(), CultureInfo.InvariantCulture, out var status)
            ? (status, result.Stdout[..split])
            : (0, result.Stderr);
    }
}
