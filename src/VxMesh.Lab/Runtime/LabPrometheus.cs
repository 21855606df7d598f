using System.Text;

namespace VxMesh.Lab.Runtime;

/// <summary>
/// `lab up --metrics`: Debian's prometheus (scripts/install-deps.sh metrics) in the lab's fabric
/// namespace — the one namespace that routes to every node's underlay — scraping every agent's
/// /metrics every 2 s. Its configuration, data and log live in the lab's directory; it listens on
/// :9090 inside the fabric (`vxmesh lab exec LAB fabric curl -s localhost:9090/api/v1/query?query=vxmesh_peers`)
/// and goes with `lab down` like every process in the lab's namespaces. Each target carries
/// <c>agent_cluster</c> and <c>agent_node</c> labels: <c>cluster</c> and <c>node</c> on the peer series
/// are the peer's.
/// </summary>
public static class LabPrometheus
{
    public const int Port = 9090;

    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(60);

    public static string Directory(LabPaths paths) => Path.Combine(paths.Directory, "prometheus");

    public static string Config(LabState state)
    {
        var yaml = new StringBuilder("""
            # Written by `vxmesh lab up --metrics`.
            global:
              scrape_interval: 2s
              evaluation_interval: 2s
            scrape_configs:
              - job_name: vxmesh-agent
                static_configs:

            """);
        foreach (var node in state.Nodes)
        {
            yaml.Append("      - targets: ['").Append(AgentArguments.HealthEndpoint(node.Ip)).Append("']\n")
                .Append("        labels: {agent_cluster: '").Append(node.Cluster).Append("', agent_node: '").Append(node.Name).Append("'}\n");
        }
        return yaml.ToString();
    }

    public static async Task StartAsync(LabState state, LabPaths paths, CancellationToken cancel)
    {
        if (!File.Exists("/usr/bin/prometheus"))
        {
            throw new LabException("--metrics needs Debian's prometheus: run scripts/install-deps.sh metrics (apt-get install prometheus)");
        }
        var directory = Directory(paths);
        System.IO.Directory.CreateDirectory(directory);
        var config = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, Config(state), cancel);
        DetachedProcess.Start("prometheus", state.FabricNamespace,
            ["/usr/bin/prometheus", $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(directory, "data")}",
             $"--web.listen-address=0.0.0.0:{Port}", "--storage.tsdb.retention.time=1d", "--log.level=warn"],
            Path.Combine(directory, "prometheus.pid"), Path.Combine(directory, "prometheus.log"), paths.Directory);
        var deadline = DateTime.UtcNow + ReadyWithin;
        while (DateTime.UtcNow < deadline)
        {
            if ((await QueryAsync(state, "/-/ready", cancel)).Status == 200)
            {
                return;
            }
            await Task.Delay(250, cancel);
        }
        throw new LabException($"prometheus did not become ready within {ReadyWithin.TotalSeconds:0} s:\n{LogTail.Of(Path.Combine(directory, "prometheus.log"), 8)}");
    }

    /// <summary>A GET of prometheus's HTTP API from inside the fabric (e.g. /api/v1/query?query=…).</summary>
    public static async Task<(int Status, string Body)> QueryAsync(LabState state, string pathAndQuery, CancellationToken cancel)
    {
        var result = await ProcessRunner.RunAsync("ip", Netns.Exec(state.FabricNamespace, "curl", "-s", "--max-time", "3", "-g", "-w", "\n%{http_code}",
            $"http://127.0.0.1:{Port}{pathAndQuery}"), TimeSpan.FromSeconds(6), cancel);
        var split = result.Stdout.LastIndexOf('\n');
        return split >= 0 && int.TryParse(result.Stdout.AsSpan(split + 1).Trim(), System.Globalization.CultureInfo.InvariantCulture, out var status)
            ? (status, result.Stdout[..split])
            : (0, result.Stderr);
    }
}
