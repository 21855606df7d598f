using VxMesh.Lab.Kubernetes;

namespace VxMesh.Cli.Output;

/// <summary>
/// `verify --services`, one line per (client cluster, imported service): the verdict, the derived
/// ClusterIP, which backends answered and the client address they saw. Plain lines, like the demo's.
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
        var kept = report.Services.Count(s => s.Ok && s.SourceKept);
        Console.WriteLine(report.Services.Count == 0
            ? "FAIL: no cluster holds a ServiceImport (export a Service with a ServiceExport first)"
            : $"{(report.Ok ? "PASS" : "FAIL")}: {kept}/{report.Services.Count} imported services answered by their exporters with the client's own IP");
    }
}
