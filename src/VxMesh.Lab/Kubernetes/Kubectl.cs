using System.Text.Json.Nodes;
using VxMesh.Lab.Runtime;

namespace VxMesh.Lab.Kubernetes;

/// <summary>
/// kubectl (the lab's own build, the same release as the API servers) as a cluster's
/// administrator, run inside the control-plane namespace: the API servers' addresses are lab
/// addresses, reachable from inside the lab only.
/// </summary>
public sealed record Kubectl(KubernetesBinaries Binaries, KubernetesPaths Paths, string ControlPlaneNamespace)
{
    /// <summary>The kubectl of a running Kubernetes lab.</summary>
    public static Kubectl For(LabState state)
    {
        var k8s = state.Kubernetes ?? throw new LabException($"lab {state.Lab} runs no Kubernetes (bring it up with --kubernetes)");
        return new Kubectl(new KubernetesBinaries(k8s.Binaries), new KubernetesPaths(LabPaths.For(state.Lab)), k8s.Namespace);
    }

    public IReadOnlyList<string> Command(string cluster, IEnumerable<string> args) =>
        Netns.Exec(ControlPlaneNamespace, [Binaries.Kubectl, "--kubeconfig", Paths.AdminKubeconfig(cluster), .. args]);

    /// <param name="timeout">Default: one command's bound; waits (`rollout status`, `wait`) need their own.</param>
    public Task<ProcessResult> RunAsync(string cluster, IReadOnlyList<string> args, CancellationToken cancel, string? stdin = null, TimeSpan? timeout = null) =>
        ProcessRunner.RunAsync("ip", Command(cluster, args), timeout ?? Timeouts.Command, cancel, stdin);

    public Task<ProcessResult> RunCheckedAsync(string what, string cluster, IReadOnlyList<string> args, CancellationToken cancel, string? stdin = null) =>
        ProcessRunner.RunCheckedAsync(what, "ip", Command(cluster, args), Timeouts.Command, cancel, stdin);

    /// <summary>`kubectl apply -f -` of <paramref name="manifest"/>, server-side validated.</summary>
    public Task<ProcessResult> ApplyAsync(string what, string cluster, string manifest, CancellationToken cancel) =>
        RunCheckedAsync(what, cluster, ["apply", "-f", "-"], cancel, manifest);

    /// <summary>The names of the cluster's Nodes whose Ready condition is True.</summary>
    public async Task<IReadOnlySet<string>> ReadyNodesAsync(string cluster, CancellationToken cancel)
    {
        var result = await RunAsync(cluster, ["get", "nodes", "-o", "json"], cancel);
        if (!result.Ok)
        {
            return new HashSet<string>();
        }
        return (JsonNode.Parse(result.Stdout)?["items"]?.AsArray() ?? [])
            .Where(n => n?["status"]?["conditions"]?.AsArray().Any(c => (string?)c?["type"] == "Ready" && (string?)c?["status"] == "True") == true)
            .Select(n => (string?)n?["metadata"]?["name"]).OfType<string>().ToHashSet();
    }
}
