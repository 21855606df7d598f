using VxMesh.Lab.Runtime;

namespace VxMesh.Lab.Verify;

/// <summary>One request of the article's own check and what came back.</summary>
public sealed record ArticleRequest(LabPodState From, LabPodState To, string Answer, bool Ok, bool SourcePreserved);

/// <summary>
/// The check seeds/000 ends with: from a pod of the first cluster (the article's is on its
/// second node), curl a pod of each other cluster (on the second node of cluster 2 and the
/// first of cluster 3, as the article does) and show the answer, which names the client
/// address the server saw.
/// </summary>
public static class ArticleCheck
{
    public static async Task<IReadOnlyList<ArticleRequest>> RunAsync(LabState lab, CancellationToken cancel)
    {
        var clusters = lab.Nodes.Select(n => n.Cluster).Distinct().ToList();
        if (clusters.Count < 2)
        {
            return [];
        }
        var client = PodOn(lab, clusters[0], 1);
        var requests = new List<ArticleRequest>();
        for (var k = 1; k < clusters.Count && k <= 2; k++)
        {
            var server = PodOn(lab, clusters[k], k);
            var run = await ProcessRunner.RunAsync("ip",
                Netns.Exec(client.Namespace, "curl", "-s", "--max-time", CurlProbe.MaxTimeSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), $"http://{server.Ip}/"),
                Timeouts.Probe, cancel);
            var answer = run.Ok ? run.Stdout.Trim() : CurlProbe.Explain(run.ExitCode);
            requests.Add(new ArticleRequest(client, server, answer,
                run.Ok && CurlProbe.Field(answer, "pod") == server.Name,
                CurlProbe.Field(answer, "client") == client.Ip.ToString()));
        }
        return requests;
    }

    /// <summary>The first pod of the cluster's node number <paramref name="index"/> (wrapping around small clusters).</summary>
    private static LabPodState PodOn(LabState lab, string cluster, int index)
    {
        var nodes = lab.Nodes.Where(n => n.Cluster == cluster).ToList();
        var node = nodes[index % nodes.Count];
        return lab.Pods.First(p => p.Node == node.Name);
    }
}
