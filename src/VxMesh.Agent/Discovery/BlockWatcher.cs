using System.Net;
using Microsoft.Extensions.Logging;
using VxMesh.Netlink;

namespace VxMesh.Agent.Discovery;

/// <param name="PollInterval">Full rescan period: the backstop for anything events miss (subnet.env has no events).</param>
/// <param name="UseMonitor">Also rescan on route, address and link notifications (a new Calico block shows up at once).</param>
public sealed record BlockWatcherOptions(TimeSpan PollInterval, bool UseMonitor)
{
    public static BlockWatcherOptions Default { get; } = new(TimeSpan.FromSeconds(5), UseMonitor: true);
}

/// <summary>
/// Keeps the node's pod blocks current: Calico hands a busy node another /26 as pods arrive and
/// takes empty ones back, and every change has to reach the registration so peers route it.
/// Level-based like the agent: a notification only says "look again"; each look is a full
/// discovery compared with the last, and only a difference is reported. A poll every few seconds
/// catches what no notification announces (flannel's subnet.env, a dropped notification).
/// </summary>
public sealed partial class BlockWatcher : IAsyncDisposable
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MonitorTick = TimeSpan.FromMilliseconds(250);
    private const byte RtnBlackhole = 6;

    private readonly LocalDiscovery discovery;
    private readonly Func<IReadOnlyList<IPNetwork>> clusterPodCidrs;
    private readonly Action<IReadOnlyList<IPNetwork>> changed;
    private readonly BlockWatcherOptions options;
    private readonly ILogger logger;
    private readonly string? netns;
    private readonly string bridge;
    private readonly SemaphoreSlim wake = new(0, 1);
    private readonly CancellationTokenSource stop = new();
    private IReadOnlyList<IPNetwork> current = [];
    private Task? loop;
    private Thread? monitorThread;
    private int scans;

    /// <param name="clusterPodCidrs">The cluster's pod CIDRs as the registry says now (empty while unknown).</param>
    /// <param name="changed">Called with the new blocks when they differ from the last ones reported.</param>
    /// <param name="netns">The named namespace the discovery client works in (null: our own), for the monitor socket.</param>
    public BlockWatcher(
        LocalDiscovery discovery, Func<IReadOnlyList<IPNetwork>> clusterPodCidrs, Action<IReadOnlyList<IPNetwork>> changed,
        ILogger logger, BlockWatcherOptions? options = null, string? netns = null, string bridge = "cni0")
    {
        this.discovery = discovery;
        this.clusterPodCidrs = clusterPodCidrs;
        this.changed = changed;
        this.logger = logger;
        this.options = options ?? BlockWatcherOptions.Default;
        this.netns = netns;
        this.bridge = bridge;
    }

    public IReadOnlyList<IPNetwork> Current => Volatile.Read(ref current);

    /// <summary>Completed discoveries (for tests).</summary>
    public int Scans => Volatile.Read(ref scans);

    /// <summary>Scans once now (so the first registration has the blocks), then watches in the background.</summary>
    public IReadOnlyList<IPNetwork> Start()
    {
        Scan();
        loop ??= Task.Run(() => RunAsync(stop.Token));
        if (options.UseMonitor && monitorThread is null)
        {
            monitorThread = new Thread(Monitor) { IsBackground = true, Name = "vxmesh-block-monitor" };
            monitorThread.Start();
        }
        return Current;
    }

    /// <summary>Look again soon (e.g. the cluster's pod CIDRs changed in the registry).</summary>
    public void Rescan()
    {
        try
        {
            wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // A rescan is already pending.
        }
    }

    private async Task RunAsync(CancellationToken cancel)
    {
        try
        {
            while (!cancel.IsCancellationRequested)
            {
                if (await wake.WaitAsync(options.PollInterval, cancel))
                {
                    await Task.Delay(Debounce, cancel);
                }
                Scan();
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    private void Scan()
    {
        try
        {
            var blocks = discovery.DiscoverPodBlocks(clusterPodCidrs());
            Interlocked.Increment(ref scans);
            if (blocks.SequenceEqual(Current))
            {
                return;
            }
            LogBlocks(Current, blocks);
            Volatile.Write(ref current, blocks);
            changed(blocks);
        }
        catch (Exception e) when (e is NetlinkException or IOException or DiscoveryException)
        {
            LogScanFailed(e.Message);
        }
    }

    /// <summary>A dedicated thread: the monitor's read blocks, and its socket is bound to one namespace.</summary>
    private void Monitor()
    {
        try
        {
            using var monitor = netns is null ? RtnlMonitor.Open() : RtnlMonitor.OpenInNamespace(netns);
            while (!stop.IsCancellationRequested)
            {
                if (monitor.Read(MonitorTick) is { } e && Relevant(e))
                {
                    Rescan();
                }
            }
        }
        catch (Exception e) when (e is NetlinkException or IOException or ObjectDisposedException)
        {
            LogMonitorFailed(e.Message, options.PollInterval.TotalSeconds);
        }
    }

    private bool Relevant(RtnlEvent e) => e.Subject switch
    {
        RouteInfo route => route.Type == RtnBlackhole,
        AddressInfo => true,
        LinkInfo link => link.Name == bridge,
        RtnlOverrun => true,
        _ => false,
    };

    public async ValueTask DisposeAsync()
    {
        if (!stop.IsCancellationRequested)
        {
            await stop.CancelAsync();
        }
        if (loop is not null)
        {
            await loop;
        }
        monitorThread?.Join(TimeSpan.FromSeconds(2));
        stop.Dispose();
    }
}
