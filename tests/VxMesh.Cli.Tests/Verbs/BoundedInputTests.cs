using System.Text;
using VxMesh.Cli.Tests.Support;
using VxMesh.Tests.Shared;

namespace VxMesh.Cli.Tests.Verbs;

/// <summary>
/// Inputs that once took the agent down or flooded its output, through the real CLI: each exits 2
/// with a short message naming the problem, and applies nothing.
/// </summary>
public sealed class BoundedInputTests : IDisposable
{
    private const int ShortOutput = 8 * 1024;
    private readonly string dir = Directory.CreateTempSubdirectory("vxmesh-cli-bounds-").FullName;

    [Theory]
    [InlineData("plan")]
    [InlineData("lab-up")]
    public void Verb_80KBOfNestedLists_Exits2ShortMessageNoCrash(string verb)
    {
        var file = Write("nested.yaml", "mesh: " + new string('[', 40_000) + new string(']', 40_000) + "\n");

        var run = verb == "plan" ? Vxmesh.Run("plan", "-f", file) : Vxmesh.Run("lab", "up", "-f", file, "--name", "nest");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("nests more than 64 levels", run.Stderr);
        Assert.True(run.Stderr.Length < ShortOutput, $"{run.Stderr.Length} bytes on stderr");
    }

    [Fact]
    public void Plan_50MBScalar_Exits2WithoutEchoingIt()
    {
        var file = Path.Combine(dir, "huge.yaml");
        using (var writer = File.CreateText(file))
        {
            writer.Write("mesh:\n  device: ");
            writer.Write(new string('z', 50 * 1024 * 1024));
            writer.Write('\n');
        }

        var run = Vxmesh.Run("plan", "-f", file);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("larger than 16 MiB", run.Stderr);
        Assert.True(run.Stderr.Length < ShortOutput, $"{run.Stderr.Length} bytes on stderr");
    }

    [Fact]
    public void Plan_2000AliasesOfOneNode_Exits2FirstProblemsListedRestCounted()
    {
        var yaml = new StringBuilder("""
            mesh: {vni: 42}
            clusters:
              - name: a
                podCidrs: [198.19.0.0/16]
                nodes:
                  - &n {name: n1, ip: 198.18.0.1, podCidrs: [198.19.1.0/24]}

            """);
        for (var i = 0; i < 2_000; i++)
        {
            yaml.Append("      - *n\n");
        }
        var file = Write("aliases.yaml", yaml.ToString());

        var run = Vxmesh.Run("plan", "-f", file);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("has 6,000 problems; nothing was applied", run.Stderr);
        Assert.Contains("… and 5,980 more problems", run.Stderr);
        Assert.True(run.Stderr.Split('\n').Length < 30, run.Stderr);
    }

    [Fact]
    public void Plan_InvalidUtf8InDeviceName_Exits2NamingLineAndColumn()
    {
        var file = Path.Combine(dir, "latin1.yaml");
        File.WriteAllBytes(file, [.. "mesh:\n  device: vx"u8, 0xE9, .. "0\nclusters: []\n"u8]);

        var run = Vxmesh.Run("plan", "-f", file);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{file}:2:13: (document): invalid UTF-8 (byte 0xe9", run.Stderr);
    }

    [Fact]
    public void Plan_OctalLookingVni_Exits2LikeLeadingZeroIps()
    {
        var seed = File.ReadAllText(Repo.Path("examples", "seed-000.yaml"));
        var file = Write("octal.yaml", seed.Replace("vni: 10001", "vni: 010", StringComparison.Ordinal));
        Assert.NotEqual(seed.Length, File.ReadAllText(file).Length);

        var run = Vxmesh.Run("plan", "-f", file);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("mesh.vni: VNI '010' has a leading zero, which some tools read as octal (fix: write 10)", run.Stderr);
    }

    [Theory]
    [InlineData("--lease-ttl 'abc' is not a number", "agent", "--etcd", "http://198.18.0.1:2379", "--cluster", "c", "--node", "n", "--lease-ttl", "abc")]
    [InlineData("--lease-ttl 1 is outside 2..3600", "agent", "--etcd", "http://198.18.0.1:2379", "--cluster", "c", "--node", "n", "--lease-ttl", "1")]
    [InlineData("--resync 'NaN' is not a number", "agent", "-f", "x.yaml", "--node", "n", "--resync", "NaN")]
    [InlineData("--resync '1e3' is not a number", "agent", "-f", "x.yaml", "--node", "n", "--resync", "1e3")]
    [InlineData("--max-node-blocks 0 is outside 1..65536", "agent", "--etcd", "http://198.18.0.1:2379", "--cluster", "c", "--node", "n", "--max-node-blocks", "0")]
    [InlineData("--peers 99999999999 is outside 1..", "bench", "control-plane", "--peers", "99999999999")]
    [InlineData("--peers 'ten' is not a whole number", "bench", "convergence", "--peers", "ten")]
    [InlineData("--repeat 'x' is not a whole number", "bench", "control-plane", "--repeat", "x")]
    [InlineData("--repeat '010' has a leading zero", "bench", "convergence", "--repeat", "010")]
    [InlineData("--warmup -1 is outside 0..100", "bench", "convergence", "--warmup", "-1")]
    [InlineData("--tamper 'abc' is not a whole number", "bench", "drift", "--tamper", "abc")]
    [InlineData("--seed '1.5' is not a whole number", "bench", "drift", "--seed", "1.5")]
    [InlineData("--samples '+5' is not a whole number", "bench", "--lab", "seed", "--samples", "+5")]
    [InlineData("--duration 0 is outside", "bench", "--lab", "seed", "--duration", "0")]
    [InlineData("--timeout 'soon' is not a whole number", "lab", "exec", "seed", "n1", "--timeout", "soon", "--", "true")]
    [InlineData("--pods 0 is outside", "lab", "node", "add", "seed", "n9", "--cluster", "c", "--ip", "198.18.1.9", "--pod-cidr", "198.19.9.0/24", "--pods", "0")]
    [InlineData("--lease-ttl 'abc' is not a whole number", "lab", "up", "--preset", "seed", "--registry", "etcd", "--lease-ttl", "abc")]
    [InlineData("--once and --uninstall contradict each other", "agent", "-f", "x.yaml", "--node", "n", "--once", "--uninstall")]
    [InlineData("--cluster, --lease-ttl only apply with --etcd", "agent", "-f", "x.yaml", "--node", "n", "--cluster", "c", "--lease-ttl", "30")]
    public void Verb_BadNumberOrConflictingFlags_Exits2NamingTheFlag(string message, params string[] args)
    {
        var run = Vxmesh.Run(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr);
        Assert.DoesNotContain("Unhandled exception", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);
}
