using VxMesh.Lab.Registry;
using VxMesh.Lab.Runtime;
using VxMesh.Lab.Topology;
using VxMesh.Lab.Verify;

namespace VxMesh.Lab.Tests.Support;

/// <summary>All end-to-end labs run one after another: several at once would only fight over two cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LabCollection
{
    public const string Name = "kernel labs";
}

/// <summary>Lines of lab progress, kept for failure messages.</summary>
public sealed class CollectingLabLog : ILabLog
{
    private readonly List<string> lines = [];

    public void Step(string message)
    {
        lock (lines)
        {
            lines.Add(message);
        }
    }

    public override string ToString()
    {
        lock (lines)
        {
            return string.Join("\n", lines);
        }
    }
}

/// <summary>
/// One real lab shared by the tests of a class: brought up and verified once (under a name no
/// other run uses), torn down afterwards, also when bringing it up or verifying fails.
/// </summary>
public abstract class LabFixture : IAsyncLifetime
{
    private static readonly TimeSpan Budget = TimeSpan.FromMinutes(2);

    protected abstract string Yaml { get; }

    protected abstract char Tag { get; }

    /// <summary>Set: an etcd lab (`lab up --registry etcd`).</summary>
    protected virtual EtcdLabOptions? Etcd => null;

    /// <summary>Set: the lab's Prometheus scrapes every agent (`lab up --metrics`).</summary>
    protected virtual bool Metrics => false;

    public string Name { get; private set; } = "";

    public LabTopology Topology { get; private set; } = null!;

    public LabState State { get; private set; } = null!;

    public VerifyReport Report { get; private set; } = null!;

    public CollectingLabLog Log { get; } = new();

    public async Task InitializeAsync()
    {
        TestEnvironment.RequireRoot();
        Name = TestEnvironment.UniqueLabName(Tag);
        Topology = Yaml.StartsWith("preset:", StringComparison.Ordinal)
            ? LabLoader.LoadPreset(Yaml["preset:".Length..], Name).Topology!
            : TestTopologies.TopologyOf(Yaml, Name);
        using var budget = new CancellationTokenSource(Budget);
        try
        {
            State = await new LabUp(TestEnvironment.Agent, Log) { Etcd = Etcd, Metrics = Metrics }.RunAsync(Topology, budget.Token);
            Report = await Verifier.RunAsync(State, budget.Token);
        }
        catch
        {
            await LabDown.RunAsync(Name, Log, CancellationToken.None);
            throw;
        }
    }

    public async Task DisposeAsync() => await LabDown.RunAsync(Name, Log, CancellationToken.None);

    public LabNodeState Node(string name) => State.Nodes.Single(n => n.Name == name);

    public static string Describe(IEnumerable<PairResult> pairs) =>
        string.Join("\n", pairs.Select(p => $"{p.From} -> {p.To}: ok={p.Ok} preserved={p.SourcePreserved} client={p.ClientSeen} {p.Error}"));
}
