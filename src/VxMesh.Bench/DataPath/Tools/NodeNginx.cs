using VxMesh.Bench.DataPath.Paths;
using VxMesh.Lab.Runtime;

namespace VxMesh.Bench.DataPath.Tools;

/// <summary>
/// nginx in a node's namespace, for the underlay rows: pods have the lab's nginx, nodes have none,
/// and the baseline must answer curl with the same server the pods use. Like the pods' nginx it
/// has its own pid, log and temp paths (under the lab's directory, so `lab down` removes them) and
/// listens on the node's underlay address only. Stopped by pid (checked to be this nginx) when
/// the bench ends; `lab down` would also stop it, as it stops every process in the lab's namespaces.
/// </summary>
public sealed class NodeNginx
{
    private readonly string directory;

    private NodeNginx(BenchEndpoint node, string directory)
    {
        Node = node;
        this.directory = directory;
    }

    public BenchEndpoint Node { get; }

    private string PidFile => Path.Combine(directory, "nginx.pid");

    private string ConfigFile => Path.Combine(directory, "nginx.conf");

    public static async Task<NodeNginx> StartAsync(string lab, BenchEndpoint node, NginxFeatures features, CancellationToken cancel)
    {
        var server = new NodeNginx(node, Path.Combine(LabPaths.For(lab).Directory, "bench", node.Name));
        Directory.CreateDirectory(Path.Combine(server.directory, "tmp"));
        await File.WriteAllTextAsync(server.ConfigFile, Config(node, server.directory, features), cancel);
        await ProcessRunner.RunCheckedAsync($"starting nginx in node {node.Name} for the underlay baseline", "ip",
            Netns.Exec(node.Namespace, "nginx", "-c", server.ConfigFile, "-p", server.directory + "/", "-e", Path.Combine(server.directory, "error.log")),
            Timeouts.Command, cancel);
        return server;
    }

    public static string Config(BenchEndpoint node, string directory, NginxFeatures features) =>
        NginxConfig.Server($"node {node.Name}: the underlay end of `vxmesh bench`, removed when the bench ends",
            node.Ip.ToString(), $"node={node.Name} client=$remote_addr", directory, features);

    /// <summary>SIGTERM, a bounded wait, SIGKILL; only when the pid file names the nginx started with this config (never another process that took the pid).</summary>
    public async Task StopAsync()
    {
        if (ProcInfo.ReadPidFile(PidFile) is { } pid && ProcInfo.CommandLine(pid).Contains(ConfigFile, StringComparison.Ordinal))
        {
            await ProcessStopper.StopAsync([pid], Timeouts.Stop, CancellationToken.None);
        }
        try
        {
            Directory.Delete(directory, recursive: true);
            if (Path.GetDirectoryName(directory) is { } parent && !Directory.EnumerateFileSystemEntries(parent).Any())
            {
                Directory.Delete(parent);
            }
        }
        catch (IOException)
        {
            // A file still open by a dying worker, or another node's server still there: `lab down` removes the lab's directory anyway.
        }
    }
}
