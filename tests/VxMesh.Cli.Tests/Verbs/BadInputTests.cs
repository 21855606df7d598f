using VxMesh.Cli.Tests.Support;
using VxMesh.Tests.Shared;

namespace VxMesh.Cli.Tests.Verbs;

/// <summary>The exit-code contract: invalid input exits 2, lists every problem with file and key, applies nothing.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("vxmesh-cli-").FullName;

    private const string ThreeProblems = """
        mesh:
          vni: 0
          device: vxlan-test
        clusters:
          - name: a
            podCidrs: [10.1.0.0/16]
            nodes:
              - name: n1
                ip: 192.0.2.10
                vtepMac: 01:00:5e:00:00:01
                pod_cidrs: [10.1.1.0/24]
        """;

    [Fact]
    public void AgentOnce_InvalidInventory_Exits2ListsEveryProblemAndAppliesNothing()
    {
        var file = Write("bad.yaml", ThreeProblems);
        using var ns = new TestNamespace("vxcli").WithUnderlay("192.0.2.10/24");

        var run = Vxmesh.RunIn(ns, "agent", "-f", file, "--node", "n1", "--once");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("nothing was applied", run.Stderr);
        Assert.Contains($"{file}:2:", run.Stderr);
        Assert.Contains("mesh.vni", run.Stderr);
        Assert.Contains("clusters[0].nodes[0].vtepMac", run.Stderr);
        Assert.Contains("clusters[0].nodes[0].pod_cidrs", run.Stderr);
        Assert.Contains("podCidrs", run.Stderr);
        Assert.Empty(ns.IpJson("link", "show", "type", "vxlan"));
        Assert.Empty(ns.IpJson("route", "show", "proto", "118"));
    }

    [Theory]
    [InlineData("plan", "-f", "{seed}", "--node", "no-such-node")]
    [InlineData("render", "-f", "{seed}", "--format", "shell")]
    [InlineData("render", "-f", "{seed}", "--format", "calico", "--cluster", "nope")]
    [InlineData("render", "-f", "{seed}", "--format", "yaml", "--node", "multicluster-test-001")]
    [InlineData("plan", "-f", "{seed}", "-o", "xml")]
    [InlineData("plan")]
    public void Verb_BadFlagsOrNames_Exits2WithAHint(params string[] args)
    {
        var seed = Repo.Path("examples", "seed-000.yaml");
        var run = Vxmesh.Run([.. args.Select(a => a.Replace("{seed}", seed))]);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("vxmesh: ", run.Stderr);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public void Plan_UnknownNode_NamesTheNodesThatExist()
    {
        var run = Vxmesh.Run("plan", "-f", Repo.Path("examples", "seed-000.yaml"), "--node", "node-7");

        Assert.Contains("node 'node-7' is not in", run.Stderr);
        Assert.Contains("multicluster-test-006", run.Stderr);
    }

    [Fact]
    public void Plan_MissingFile_Exits2NamingTheFile()
    {
        var run = Vxmesh.Run("plan", "-f", Path.Combine(dir, "absent.yaml"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("absent.yaml", run.Stderr);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);
}
