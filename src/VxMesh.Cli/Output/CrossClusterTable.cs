using VxMesh.Lab.Kubernetes;

namespace VxMesh.Cli.Output;

/// <summary>
/// The Kubernetes demo's requests, one line each: who called whom by pod IP and which address the
/// server saw. Plain lines, unwrapped whatever the console width (as the demo prints curl's answers).
/// </summary>
public static class CrossClusterTable
{
    public static void Write(IReadOnlyList<CrossClusterRequest> requests)
    {
        foreach (var r in requests)
        {
            var verdict = !r.Ok ? "✗ no answer  " : r.SourceKept ? "✓ source kept" : "✓ SNAT       ";
            var seen = r.Answer.Split(' ').FirstOrDefault(w => w.StartsWith("client=", StringComparison.Ordinal)) ?? r.Answer;
            Console.WriteLine($"  {verdict}  {r.FromCluster}/{r.FromPod} {r.FromIp} → {r.ToCluster}/{r.ToPod} {r.ToIp}: {seen}");
        }
    }
}
