using VxMesh.Lab.Runtime;

namespace VxMesh.Bench.DataPath.Paths;

/// <summary>
/// Reads, per node, what <see cref="PathClassifier"/> needs: `ip -j -d addr show` (devices, kinds,
/// the underlay device), `ip -j route show proto 118` (the agent's routes) and one `route get` per
/// pod address, all lookups of a node in one `ip -batch` (-force: an unreachable pod is a missing
/// line, not the end of the batch).
/// </summary>
public static class RouteSurvey
{
    public static async Task<IReadOnlyDictionary<string, NodeRouting>> ReadAsync(LabState lab, CancellationToken cancel)
    {
        var lookups = string.Concat(lab.Pods.Select(p => $"route get {p.Ip}\n"));
        var result = new Dictionary<string, NodeRouting>();
        foreach (var node in lab.Nodes)
        {
            var addresses = await IpAsync(node.Namespace, ["-j", "-d", "addr", "show"], cancel);
            var routes = await IpAsync(node.Namespace, ["-j", "route", "show", "proto", "118"], cancel);
            var answers = await ProcessRunner.RunAsync("ip", ["-n", node.Namespace, "-j", "-force", "-batch", "-"], Timeouts.Command, cancel, lookups);
            result[node.Name] = NodeRouting.Parse(node.Name, node.Ip, addresses, routes, answers.Stdout);
        }
        return result;
    }

    private static async Task<string> IpAsync(string ns, IReadOnlyList<string> args, CancellationToken cancel) =>
        (await ProcessRunner.RunCheckedAsync($"reading routes in {ns}", "ip", ["-n", ns, .. args], Timeouts.Command, cancel)).Stdout;
}
