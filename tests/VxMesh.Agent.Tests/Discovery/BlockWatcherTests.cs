using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using VxMesh.Agent.Discovery;
using VxMesh.Agent.Tests.Registry.Support;
using VxMesh.Netlink;
using VxMesh.Tests.Shared;
using Xunit.Abstractions;

namespace VxMesh.Agent.Tests.Discovery;

/// <summary>Blocks that appear or vanish are reported; with the route monitor, well before the (long) poll.</summary>
public sealed class BlockWatcherTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestNamespace ns = new("vxm-blk");
    private readonly List<IReadOnlyList<IPNetwork>> reports = [];

    [Fact]
    public async Task Watch_CalicoBlockAddedThenRemoved_ReportedFromRouteEvents()
    {
        using var rtnl = RtnlClient.OpenInNamespace(ns.Name);
        ns.Ip("route", "add", "blackhole", "198.18.128.0/26", "proto", "12");
        var discovery = new LocalDiscovery(rtnl, DiscoveryOptions.Default with { FlannelSubnetFile = "/nonexistent/subnet.env" });
        await using var watcher = new BlockWatcher(discovery, () => [IPNetwork.Parse("198.18.128.0/17")], Report, NullLogger.Instance,
            new BlockWatcherOptions(TimeSpan.FromSeconds(60), UseMonitor: true), ns.Name);

        Assert.Equal(["198.18.128.0/26"], watcher.Start().Select(b => b.ToString()));
        await Task.Delay(300); // let the monitor socket join its groups

        var clock = Stopwatch.StartNew();
        ns.Ip("route", "add", "blackhole", "198.18.128.64/26", "proto", "12");
        await Eventually.Holds(() => Last()?.Count == 2, 2, "the new block is reported");
        output.WriteLine($"blackhole route added -> reported: {clock.Elapsed.TotalMilliseconds:F0} ms");

        ns.Ip("route", "del", "blackhole", "198.18.128.0/26");
        await Eventually.Holds(() => Last() is [var only] && only.ToString() == "198.18.128.64/26", 2, "the removed block is reported gone");
    }

    [Fact]
    public async Task Watch_WithoutMonitor_PollFindsTheFlannelSubnet()
    {
        using var rtnl = RtnlClient.OpenInNamespace(ns.Name);
        var file = Path.Combine(Path.GetTempPath(), $"vxmesh-subnet-{Guid.NewGuid():N}.env");
        try
        {
            var discovery = new LocalDiscovery(rtnl, DiscoveryOptions.Default with { FlannelSubnetFile = file });
            await using var watcher = new BlockWatcher(discovery, () => [IPNetwork.Parse("198.18.160.0/20")], Report, NullLogger.Instance,
                new BlockWatcherOptions(TimeSpan.FromMilliseconds(100), UseMonitor: false), ns.Name);
            Assert.Empty(watcher.Start());

            File.WriteAllText(file, "FLANNEL_SUBNET=198.18.163.1/24\n");

            await Eventually.Holds(() => Last() is [var block] && block.ToString() == "198.18.163.0/24", 3, "the file's block is reported");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private void Report(IReadOnlyList<IPNetwork> blocks)
    {
        lock (reports)
        {
            reports.Add(blocks);
        }
    }

    private IReadOnlyList<IPNetwork>? Last()
    {
        lock (reports)
        {
            return reports.Count == 0 ? null : reports[^1];
        }
    }

    public void Dispose() => ns.Dispose();
}
