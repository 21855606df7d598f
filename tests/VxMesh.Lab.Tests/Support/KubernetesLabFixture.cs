using System.Text.Json.Nodes;
using VxMesh.Lab.Kubernetes;
using VxMesh.Lab.Runtime;
using VxMesh.Lab.Topology;

namespace VxMesh.Lab.Tests.Support;

/// <summary>
/// One Kubernetes lab of the seed preset per test class (real API servers, controller-managers,
/// schedulers and kube-proxies, the lab's node agents), torn down afterwards, also when coming up
/// fails. The Kubernetes binaries are built by ./test.sh before any test runs.
/// </summary>
public abstract class KubernetesLabFixture : IAsyncLifetime
{
    private static readonly TimeSpan Budget = TimeSpan.FromMinutes(4);

    protected abstract char Tag { get; }

    protected virtual string Preset => "seed";

    /// <summary>True: VxMesh installed from deploy/ with kubectl (`lab up --kubernetes --install`, an etcd lab).</summary>
    protected virtual bool Install => false;

    public string Name { get; private set; } = "";

    public LabState State { get; private set; } = null!;

    public Kubectl Kubectl { get; private set; } = null!;

    public CollectingLabLog Log { get; } = new();

    public LabKubernetesState Kubernetes => State.Kubernetes!;

    public async Task InitializeAsync()
    {
        TestEnvironment.RequireRoot();
        Name = TestEnvironment.UniqueLabName(Tag);
        var topology = LabLoader.LoadPreset(Preset, Name).Topology!;
        using var budget = new CancellationTokenSource(Budget);
        try
        {
            State = await new LabUp(TestEnvironment.Agent, Log)
            {
                Kubernetes = true,
                Install = Install,
                Etcd = Install ? VxMesh.Lab.Registry.EtcdLabOptions.Default : null,
            }.RunAsync(topology, budget.Token);
            Kubectl = Kubectl.For(State);
        }
        catch
        {
            await LabDown.RunAsync(Name, Log, CancellationToken.None);
            throw;
        }
    }

    public async Task DisposeAsync() => await LabDown.RunAsync(Name, Log, CancellationToken.None);

    public LabNodeState Node(string name) => State.Nodes.Single(n => n.Name == name);

    /// <summary>kubectl as the cluster's admin; a non-zero exit fails the test with kubectl's words.</summary>
    public async Task<string> KubectlAsync(string cluster, params string[] args)
    {
        // Bounded by kubectl's own --timeout where a test waits (rollout status, wait), and by this.
        var result = await Kubectl.RunAsync(cluster, args, CancellationToken.None, timeout: TimeSpan.FromSeconds(150));
        if (!result.Ok)
        {
            // What the cluster looked like then: a stuck rollout is a scheduler, controller or node agent story.
            var pods = await Kubectl.RunAsync(cluster, ["get", "deployments,replicasets,pods", "-A", "-o", "wide"], CancellationToken.None, timeout: TimeSpan.FromSeconds(20));
            var events = await Kubectl.RunAsync(cluster, ["get", "events", "-A", "--sort-by=.lastTimestamp"], CancellationToken.None, timeout: TimeSpan.FromSeconds(20));
            Assert.Fail($"kubectl {string.Join(' ', args)}: {result.Stderr}{result.Stdout}\n{pods.Stdout}{pods.Stderr}\n{LastLines(events.Stdout, 30)}");
        }
        return result.Stdout;
    }

    public async Task<JsonNode> KubectlJsonAsync(string cluster, params string[] args) =>
        JsonNode.Parse(await KubectlAsync(cluster, [.. args, "-o", "json"]))!;

    public async Task ApplyAsync(string cluster, string yaml)
    {
        var result = await Kubectl.RunAsync(cluster, ["apply", "-f", "-"], CancellationToken.None, yaml);
        Assert.True(result.Ok, $"kubectl apply: {result.Stderr}{result.Stdout}");
    }

    /// <summary>Polls (bounded) until <paramref name="done"/> holds; a timeout fails with what <paramref name="describe"/> says then.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> done, TimeSpan within, Func<Task<string>> describe)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await done())
        {
            if (clock.Elapsed > within)
            {
                Assert.Fail($"not within {within.TotalSeconds:0} s: {await describe()}");
            }
            await Task.Delay(300);
        }
    }

    /// <summary>One HTTP GET from a lab namespace with curl: the body, or null when it failed.</summary>
    public static async Task<string?> CurlAsync(string ns, string url)
    {
        var result = await ProcessRunner.RunAsync("ip", Netns.Exec(ns, "curl", "-s", "--max-time", "3", url), TimeSpan.FromSeconds(8), CancellationToken.None);
        return result.Ok ? result.Stdout.Trim() : null;
    }

    private static string LastLines(string text, int count) => string.Join('\n', text.Split('\n').TakeLast(count));
}
