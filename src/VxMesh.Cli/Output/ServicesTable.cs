using VxMesh.Lab.Kubernetes;

namespace VxMesh.Cli.Output;

/// <summary>
/// `verify --services`, one line per (client cluster, imported service): the verdict, the derived
/// ClusterIP, which backends answered and the client address they saw; then one per (client
/// cluster, remote cluster): the remote ClusterIP's flows per translating node. Plain lines, like the demo's.
/// </summary>
public static class ServicesTable
{
    public static void Write(ServicesReport report)
    {
        foreach (var s in report.Services)
        {
            var verdict = !s.Ok ? "✗ failed     " : s.SourceKept ? "✓ source kept" : "✓ SNAT       ";
            var seen = string.Join(",", s.Answers.Select(a => a.Client).Distinct());
            Console.WriteLine($"  {verdict}  {s.FromCluster}/{s.FromPod} {s.FromIp} → {s.Service} {s.ClusterIp}:{s.Port} (exported by {string.Join(",", s.Exporters)}): " +
                $"{s.Answers.Count}/{s.Requests} answered by {string.Join(" ", s.Backends)}; client seen {(seen.Length == 0 ? "-" : seen)}");
            foreach (var failure in s.Failures.Distinct())
            {
                Console.WriteLine($"      {failure}");
            }
        }
        foreach (var r in report.RemoteClusterIps)
        {
            var verdict = r.Ok ? (r.Spread ? "✓ spread     " : "✓ reachable  ") : !r.Reachable ? "✗ failed     " : "✗ one node   ";
            var nodes = string.Join(" ", r.TranslatedBy.Select(t => $"{t.Key}:{t.Value}"));
            Console.WriteLine($"  {verdict}  {r.FromCluster}/{r.FromPod} {r.FromIp} → {r.ToCluster} ClusterIP {r.ClusterIp}:{r.Port} ({r.Service}, group of {r.GroupMembers}): " +
                $"{r.Answered}/{r.Requests} answered; translated by {(nodes.Length == 0 ? "-" : nodes)}");
            foreach (var failure in r.Failures.Distinct())
            {
                Console.WriteLine($"      {failure}");
            }
        }
        var kept = report.Services.Count(s => s.Ok && s.SourceKept);
        Console.WriteLine(report.Services.Count == 0
            ? "FAIL: no cluster holds a ServiceImport (export a Service with a ServiceExport first)"
            : $"{(report.ImportsOk ? "PASS" : "FAIL")}: {kept}/{report.Services.Count} imported services answered by their exporters with the client's own IP");
        Console.WriteLine($"{(report.RemoteOk ? "PASS" : "FAIL")}: {report.RemoteClusterIps.Count(r => r.Ok)}/{report.RemoteClusterIps.Count} remote ClusterIPs answered every flow" +
            $", spread over more than one node of their cluster: {report.RemoteClusterIps.Count(r => r.Spread)}/{report.RemoteClusterIps.Count}");
    }
}
