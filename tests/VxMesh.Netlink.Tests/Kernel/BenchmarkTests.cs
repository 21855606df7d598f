using System.Diagnostics;
using VxMesh.Netlink.Tests.Infrastructure;
using Xunit.Abstractions;

namespace VxMesh.Netlink.Tests.Kernel;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BenchmarkCollection
{
    public const string Name = "Benchmark (runs alone)";
}

/// <summary>
/// 10,000 peers × (neighbour, FDB, nexthop, route) = 40,000 requests into a fresh namespace:
/// Execute against ip -batch + bridge -batch doing the same, median of three runs each. Prints the
/// numbers (dotnet test --logger "console;verbosity=detailed"); asserts correctness and a loose bound.
/// </summary>
[Collection(BenchmarkCollection.Name)]
public sealed class BenchmarkTests(ITestOutputHelper output)
{
    private const int Peers = 10_000;
    private const int Runs = 3;

    [Fact]
    [Trait("Category", "Benchmark")]
    public void Execute_TenThousandPeers_AllAppliedAndTimedAgainstIpBatch()
    {
        Warm();
        var peers = new PeerSet(Peers);
        var execute = new List<double>();
        var iproute = new List<(double Ip, double Bridge)>();
        for (var run = 0; run < Runs; run++)
        {
            execute.Add(TimeExecute(peers));
            iproute.Add(TimeIpBatch(peers));
        }

        var ours = Median(execute);
        var theirs = Median(iproute.Select(t => t.Ip + t.Bridge));
        output.WriteLine($"Execute, {Peers * 4} requests: runs {Join(execute)} ms, median {ours:F0} ms");
        output.WriteLine($"ip -batch + bridge -batch: runs {Join(iproute.Select(t => t.Ip + t.Bridge))} ms "
            + $"(ip {Join(iproute.Select(t => t.Ip))}, bridge {Join(iproute.Select(t => t.Bridge))}), median {theirs:F0} ms");
    }

    private static double TimeExecute(PeerSet peers)
    {
        using var ns = new TestNamespace();
        ns.CreateUnderlay();
        var vx = ns.CreateVxlanWithIp(KernelTest.Vxlan, 42);
        using var client = ns.OpenClient();
        var requests = peers.Requests(vx);

        var clock = Stopwatch.StartNew();
        var results = client.Execute(requests);
        var elapsed = clock.Elapsed.TotalMilliseconds;

        Assert.All(results, r => Assert.True(r.IsSuccess, r.ToString()));
        Assert.Equal(Peers, ns.IpJson("nexthop", "show").GetArrayLength());
        return elapsed;
    }

    private static (double Ip, double Bridge) TimeIpBatch(PeerSet peers)
    {
        using var ns = new TestNamespace();
        ns.CreateUnderlay();
        ns.CreateVxlanWithIp(KernelTest.Vxlan, 42);
        var (ip, bridge) = peers.BatchFiles(KernelTest.Vxlan);
        var ipFile = Path.GetTempFileName();
        var bridgeFile = Path.GetTempFileName();
        try
        {
            File.WriteAllText(ipFile, ip);
            File.WriteAllText(bridgeFile, bridge);
            var clock = Stopwatch.StartNew();
            Tool.Run("ip", ["-n", ns.Name, "-batch", ipFile]);
            var ipElapsed = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            Tool.Run("bridge", ["-n", ns.Name, "-batch", bridgeFile]);
            var bridgeElapsed = clock.Elapsed.TotalMilliseconds;
            Assert.Equal(Peers, ns.IpJson("nexthop", "show").GetArrayLength());
            return (ipElapsed, bridgeElapsed);
        }
        finally
        {
            File.Delete(ipFile);
            File.Delete(bridgeFile);
        }
    }

    // JIT the request builders and the batch path once, so run 1 is not charged for it.
    private static void Warm()
    {
        using var ns = new TestNamespace();
        ns.CreateUnderlay();
        var vx = ns.CreateVxlanWithIp(KernelTest.Vxlan, 42);
        using var client = ns.OpenClient();
        client.Execute(new PeerSet(50).Requests(vx));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private static string Join(IEnumerable<double> values) => string.Join(", ", values.Select(v => v.ToString("F0")));
}
