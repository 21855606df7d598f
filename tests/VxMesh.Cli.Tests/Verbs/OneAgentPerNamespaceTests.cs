using System.Diagnostics;
using VxMesh.Cli.Tests.Support;
using VxMesh.Tests.Shared;

namespace VxMesh.Cli.Tests.Verbs;

/// <summary>A second agent in a namespace where one runs exits 1 naming the first; in another namespace it runs.</summary>
public sealed class OneAgentPerNamespaceTests : IDisposable
{
    private const string Mesh = """
        mesh: {vni: 4244, port: 4789, device: vxm0}
        clusters:
          - name: a
            podCidrs: [198.19.0.0/20]
            nodes: [{name: na, ip: 198.18.8.1, podCidrs: [198.19.1.0/24]}]
          - name: b
            podCidrs: [198.19.16.0/20]
            nodes: [{name: nb, ip: 198.18.8.2, podCidrs: [198.19.17.0/24]}]
        """;

    private readonly string inventory = Path.Combine(Path.GetTempPath(), $"vxmesh-one-{Guid.NewGuid():N}.yaml");
    private readonly TestNamespace host = new TestNamespace("vxcli").WithUnderlay("198.18.8.1/24");
    private readonly TestNamespace other = new TestNamespace("vxcli").WithUnderlay("198.18.8.2/24");
    private Process? first;

    [Fact]
    public void Agent_SecondInTheSameNamespace_ExitsOneNamingTheFirst_AnotherNamespaceIsFine()
    {
        File.WriteAllText(inventory, Mesh);
        first = Process.Start(new ProcessStartInfo("ip", ["netns", "exec", host.Name, "dotnet", Vxmesh.Dll, "agent", "-f", inventory, "--node", "na"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var deadline = Stopwatch.StartNew();
        // Bounded: the first agent has programmed its device once it holds the lock.
        while (host.IpJson("link", "show").All(l => l!["ifname"]!.ToString() != "vxm0") && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            Thread.Sleep(100);
        }

        var second = Vxmesh.RunIn(host, "agent", "-f", inventory, "--node", "na", "--once");
        var elsewhere = Vxmesh.RunIn(other, "agent", "-f", inventory, "--node", "nb", "--once");

        Assert.Equal(1, second.ExitCode);
        Assert.Contains("another vxmesh agent already runs in this network namespace", second.Stderr);
        Assert.Contains($"pid {first.Id}", second.Stderr);
        Assert.Contains("--node na", second.Stderr);
        Assert.Equal(0, elsewhere.ExitCode);
    }

    public void Dispose()
    {
        if (first is { HasExited: false })
        {
            first.Kill(entireProcessTree: true);
            first.WaitForExit(10_000);
        }
        first?.Dispose();
        host.Dispose();
        other.Dispose();
        File.Delete(inventory);
    }
}
