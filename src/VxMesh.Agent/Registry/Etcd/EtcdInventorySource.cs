using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using VxMesh.Core.Loading;

namespace VxMesh.Agent.Registry.Etcd;

/// <summary>
/// The mesh as etcd holds it, kept in memory and current through a watch.
/// <para>
/// Design. A full load reads every key under the prefix at one revision and replaces the view;
/// the watch then starts at that revision + 1, so no write falls between the two. Whenever the
/// watch breaks — etcd restarted, a partition, the start revision compacted away, the server
/// cancelled it — the next step is a full load again, never a resume: a resume from a remembered
/// revision cannot see keys deleted while we were away if that history is gone (compaction, or an
/// etcd that came back without its data at a lower revision), and that is how stale peers
/// survived in Cilium (#24740). Re-listing and replacing the whole view catches every such
/// deletion, and costs one range read per reconnect.
/// </para>
/// <para>
/// Outages. <see cref="Read"/> never touches the network: it assembles the in-memory view, so while
/// etcd is unreachable it keeps answering with the last state it saw and the agent keeps the
/// kernel as it is (nothing is flushed). Reconnects back off from 200 ms to 5 s. Assembly and
/// validation are cached per view version, so repeated reads between changes cost nothing.
/// </para>
/// </summary>
public sealed partial class EtcdInventorySource : IInventorySource, IAsyncDisposable
{
    private readonly EtcdConnection etcd;
    private readonly RegistryKeys keys;
    private readonly ILogger logger;
    private readonly EtcdSourceOptions options;
    private readonly RegistryView view = new();
    private readonly CancellationTokenSource stop = new();
    private readonly TaskCompletionSource firstLoad = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock cacheGate = new();
    private readonly ValidationMemo memo = new();
    private Task? loop;
    private DecodedView? decoded;
    private Cached? cache;
    private readonly ExclusionLog exclusions = new();
    private volatile string? lastError;
    private volatile bool connected;
    private int fullLoads;
    private long retryAtTicks = -1;
    private readonly TimeProvider time;
    private readonly Lock readGate = new();
    private readonly Lock changedGate = new();
    private HashSet<string> changedNodes = new(StringComparer.Ordinal);
    private HashSet<string> changedHolders = new(StringComparer.Ordinal);
    private ITimer? lapse;
    private bool wholeNeeded = true;
    private NodeIndex? index;
    private InventorySnapshot? lastSnapshot;
    private long snapshotVersion;

    private sealed record DecodedView(long Version, RegistryContents Contents);

    private sealed record Cached(long Version, AssembledInventory Assembled, InventorySnapshot Snapshot);

    /// <param name="time">The clock reconnect backoff waits on (tests: a fake one).</param>
    public EtcdInventorySource(EtcdConnection etcd, RegistryKeys keys, ILogger logger, EtcdSourceOptions? options = null, TimeProvider? time = null)
    {
        this.time = time ?? TimeProvider.System;
        this.etcd = etcd;
        this.keys = keys;
        this.logger = logger;
        this.options = options ?? EtcdSourceOptions.Default;
    }

    /// <summary>etcd://HOST:PORT/PREFIX/ — also the source name in validation problems.</summary>
    public string Description => etcd.Description + keys.Prefix;

    public RegistryKeys Keys => keys;

    public event Action? Changed;

    /// <summary>True while a watch is established (false during outages and before the first load).</summary>
    public bool Connected => connected;

    /// <summary>The revision the view reflects.</summary>
    public long Revision => view.Revision;

    /// <summary>How many full loads ran (1 at start, +1 per reconnect or compaction): for tests and metrics.</summary>
    public int FullLoads => Volatile.Read(ref fullLoads);

    public string? LastError => lastError;

    /// <summary>While etcd is unreachable: when (on the source's clock) the next attempt is due; null otherwise.</summary>
    public DateTimeOffset? RetryAt => Interlocked.Read(ref retryAtTicks) is var t and >= 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    /// <summary>Starts loading and watching in the background. Idempotent.</summary>
    public void Start() => loop ??= Task.Run(() => RunAsync(stop.Token));

    /// <summary>True once the first full load has completed (false when <paramref name="timeout"/> ran out first).</summary>
    public async Task<bool> WaitForFirstLoadAsync(TimeSpan timeout, CancellationToken cancel)
    {
        try
        {
            await firstLoad.Task.WaitAsync(timeout, time, cancel);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// The mesh for the agent. When only node keys changed since the last read and the mesh assembled
    /// whole last time without leaving anyone out, the changed registrations are validated alone
    /// (<see cref="NodeIndex"/>) and the snapshot carries just those nodes as its delta, its inventory
    /// built only if someone asks: the work is proportional to the change. Anything else — the first
    /// load, a reconnect's reload, mesh or cluster records changing, a registration the fast path cannot
    /// vouch for — assembles the whole registry through the validator, as before.
    /// </summary>
    public InventorySnapshot Read()
    {
        lock (readGate)
        {
            if (!view.Capture().Loaded)
            {
                return new InventorySnapshot(null, [$"{Description}: not loaded yet ({lastError ?? "connecting"})"]);
            }
            var (entries, _, _, _) = view.Capture();
            HashSet<string> changed;
            HashSet<string> holders;
            bool whole;
            lock (changedGate)
            {
                (changed, changedNodes) = (changedNodes, new HashSet<string>(StringComparer.Ordinal));
                (holders, changedHolders) = (changedHolders, new HashSet<string>(StringComparer.Ordinal));
                (whole, wholeNeeded) = (wholeNeeded, false);
            }
            whole |= holders.Count > 0 && index is null;
            if (!whole && lastSnapshot is not null && changed.Count == 0 && holders.Count == 0)
            {
                return lastSnapshot;
            }
            if (!whole && index is { } idx && lastSnapshot is { Usable: true })
            {
                var keysAndEntries = changed.Select(k => (k, entries.TryGetValue(k, out var e) ? e : null)).ToList();
                // Claims and allocations after the nodes (a join writes both at once): a claim of a node in the
                // mesh changes nothing; anything else is for the whole assembly.
                if (idx.TryApply(keysAndEntries, Description, NodeIndex.HolderLookup.Of(entries, keys)) is { } changes
                    && holders.All(k => idx.Unaffected(keys, k, entries)))
                {
                    if (changed.Count == 0 && lastSnapshot is not null)
                    {
                        return lastSnapshot;
                    }
                    snapshotVersion++;
                    lastSnapshot = InventorySnapshot.Deferred(() => BuildLocked(idx), name => FindLocked(idx, name), snapshotVersion,
                        new InventoryDelta(snapshotVersion - 1, changes));
                    return lastSnapshot;
                }
            }
            var current = Current();
            snapshotVersion++;
            index = current is null || Decoded() is not { } decodedView ? null : NodeIndex.Of(decodedView.Contents, keys, current.Assembled);
            lastSnapshot = current?.Snapshot is { Inventory: { } inventory }
                ? new InventorySnapshot(inventory, []) { Version = snapshotVersion }
                : current?.Snapshot ?? new InventorySnapshot(null, [$"{Description}: not loaded yet ({lastError ?? "connecting"})"]);
            return lastSnapshot;
        }
    }

    private Core.Model.Inventory BuildLocked(NodeIndex idx)
    {
        lock (readGate)
        {
            return idx.Build(Description);
        }
    }

    private (string Cluster, Core.Model.NodeSpec Node)? FindLocked(NodeIndex idx, string name)
    {
        lock (readGate)
        {
            return idx.Find(name);
        }
    }

    /// <summary>The mesh record alone, decoded from the view (no assembly): for the agent's own checks on every change.</summary>
    public MeshRecord? MeshRecord() =>
        view.Capture().Entries.TryGetValue(keys.Mesh, out var e) ? RegistryJson.TryDecode<MeshRecord>(e.Value.Span, out _) : null;

    /// <summary>One cluster record, decoded from the view.</summary>
    public ClusterRecord? ClusterRecord(string name) =>
        view.Capture().Entries.TryGetValue(keys.Cluster(name), out var e) ? RegistryJson.TryDecode<ClusterRecord>(e.Value.Span, out _) : null;

    /// <summary>The decoded view (null before the first load): cheap, no validation. Never waits on the network.</summary>
    public RegistryContents? Contents() => Decoded()?.Contents;

    /// <summary>The assembled inventory with the registrations left out of it (null before the first load).</summary>
    public AssembledInventory? Assembled() => Current()?.Assembled;

    /// <summary>Whether <paramref name="key"/> is in the view (cheap: no decoding).</summary>
    public bool ViewContains(string key) => view.Contains(key);

    private DecodedView? Decoded()
    {
        var (entries, revision, version, loaded) = view.Capture();
        if (!loaded)
        {
            return null;
        }
        lock (cacheGate)
        {
            if (decoded?.Version == version)
            {
                return decoded;
            }
        }
        var next = new DecodedView(version, RegistryContents.Decode(keys, revision, entries.Values, options.Limits));
        lock (cacheGate)
        {
            if (decoded is null || decoded.Version < version)
            {
                decoded = next;
            }
        }
        return next;
    }

    private Cached? Current()
    {
        if (Decoded() is not { } source)
        {
            return null;
        }
        var now = time.GetUtcNow();
        lock (cacheGate)
        {
            // The same view gives the same verdict until an absent node's claim runs out.
            if (cache?.Version == source.Version && !(cache.Assembled.NextLapse <= now))
            {
                return cache;
            }
        }
        var assembled = InventoryAssembler.Assemble(source.Contents, keys, Description, memo, time);
        ScheduleLapse(assembled.NextLapse, now);
        var next = new Cached(source.Version, assembled, new InventorySnapshot(assembled.Inventory, ProblemReport.Bounded(assembled.Problems)));
        lock (cacheGate)
        {
            if (cache is null || cache.Version < next.Version)
            {
                cache = next;
                ReportExcluded(assembled.Excluded, source.Contents);
            }
        }
        return next;
    }

    /// <summary>
    /// Each registration left out is logged once, when it is first left out — never the whole list
    /// on every change: 10,000 junk keys under the prefix once cost ~248 MB of log per agent.
    /// </summary>
    private void ReportExcluded(IReadOnlyList<ExcludedNode> excluded, RegistryContents contents)
    {
        var (fresh, total) = exclusions.Update(excluded);
        if (fresh.Count > 0)
        {
            LogExcluded(fresh.Count, total, ExclusionLog.Describe(fresh));
        }
        if (exclusions.ForeignChanged(contents.Entries.Count(e => keys.Classify(e.Key) == RegistryKeyKind.Unknown), out var foreign))
        {
            LogForeignKeys(foreign, keys.Prefix);
        }
    }

    /// <summary>
    /// A claim running out changes the verdict without any write to watch: a timer (on the source's
    /// clock) then asks for a whole assembly and tells the agent, so the newcomer that waited gets in.
    /// </summary>
    private void ScheduleLapse(DateTimeOffset? at, DateTimeOffset now)
    {
        lock (changedGate)
        {
            lapse?.Dispose();
            lapse = at is { } due
                ? time.CreateTimer(_ =>
                {
                    lock (changedGate)
                    {
                        wholeNeeded = true;
                    }
                    RaiseChanged();
                }, null, (due - now) + TimeSpan.FromMilliseconds(1) is var d && d > TimeSpan.Zero ? d : TimeSpan.Zero, Timeout.InfiniteTimeSpan)
                : null;
        }
    }

    private async Task RunAsync(CancellationToken cancel)
    {
        var backoff = new Backoff(options.RetryMin, options.RetryMax);
        while (!cancel.IsCancellationRequested)
        {
            bool retryAtOnce;
            try
            {
                var revision = await FullLoadAsync(cancel);
                var end = await WatchAsync(revision + 1, backoff, cancel);
                retryAtOnce = end == WatchEnd.Compacted;
                LogWatchEnded(Description, end == WatchEnd.Compacted ? "history compacted past our revision" : "stream closed by the server");
            }
            catch (Exception e) when (!cancel.IsCancellationRequested)
            {
                lastError = e is RpcException rpc ? $"{rpc.StatusCode}: {rpc.Status.Detail}" : e.Message;
                retryAtOnce = false;
                if (connected || FullLoads == 0)
                {
                    LogUnreachable(Description, lastError);
                }
            }
            catch (Exception) when (cancel.IsCancellationRequested)
            {
                // gRPC reports our own cancellation as RpcException(Cancelled): either way, we are stopping.
                break;
            }
            connected = false;
            if (!retryAtOnce)
            {
                etcd.Rotate();
                var delay = backoff.Next();
                var retry = Task.Delay(delay, time, cancel);
                Interlocked.Exchange(ref retryAtTicks, (time.GetUtcNow() + delay).UtcTicks);
                try
                {
                    await retry;
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                finally
                {
                    Interlocked.Exchange(ref retryAtTicks, -1);
                }
            }
        }
    }

    private async Task<long> FullLoadAsync(CancellationToken cancel)
    {
        var (revision, entries) = await EtcdReads.RangePrefixAsync(etcd, keys.Prefix, cancel);
        var changed = view.Replace(entries, revision);
        if (changed)
        {
            lock (changedGate)
            {
                wholeNeeded = true;
            }
        }
        var count = Interlocked.Increment(ref fullLoads);
        lastError = null;
        LogFullLoad(Description, revision, entries.Count, changed, count);
        firstLoad.TrySetResult();
        if (changed)
        {
            RaiseChanged();
        }
        return revision;
    }

    private enum WatchEnd
    {
        Closed,
        Compacted,
    }

    private async Task<WatchEnd> WatchAsync(long fromRevision, Backoff backoff, CancellationToken cancel)
    {
        using var call = etcd.Watch.Watch(cancellationToken: cancel);
        await call.RequestStream.WriteAsync(new WatchRequest
        {
            CreateRequest = new WatchCreateRequest
            {
                Key = ByteString.CopyFromUtf8(keys.Prefix),
                RangeEnd = ByteString.CopyFrom(RegistryKeys.RangeEnd(keys.Prefix)),
                StartRevision = fromRevision,
            },
        }, cancel);
        await foreach (var response in call.ResponseStream.ReadAllAsync(cancel))
        {
            if (response.CompactRevision != 0)
            {
                return WatchEnd.Compacted;
            }
            if (response.Canceled)
            {
                throw new InvalidOperationException($"etcd cancelled the watch: {response.CancelReason}");
            }
            if (response.Created)
            {
                connected = true;
                backoff.Reset();
                LogWatching(Description, fromRevision);
            }
            if (response.Events.Count > 0)
            {
                var events = response.Events.Select(e => (e.Type == Mvccpb.Event.Types.EventType.Delete, RegistryEntry.From(e.Kv))).ToList();
                view.Apply(events, response.Header.Revision);
                // After the view: a read in between sees the new value and then this key again, which is harmless.
                lock (changedGate)
                {
                    foreach (var (_, entry) in events)
                    {
                        switch (keys.Classify(entry.Key))
                        {
                            case RegistryKeyKind.Node:
                                changedNodes.Add(entry.Key);
                                break;
                            case RegistryKeyKind.Mesh or RegistryKeyKind.Cluster:
                                wholeNeeded = true;
                                break;
                            case RegistryKeyKind.Claim or RegistryKeyKind.VtepIp:
                                changedHolders.Add(entry.Key);
                                break;
                            default:
                                // Foreign keys take no part in the assembly.
                                break;
                        }
                    }
                }
                RaiseChanged();
            }
        }
        return WatchEnd.Closed;
    }

    private void RaiseChanged()
    {
        try
        {
            Changed?.Invoke();
        }
        catch (Exception e)
        {
            LogHandlerFailed(e.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (changedGate)
        {
            lapse?.Dispose();
            lapse = null;
        }
        await stop.CancelAsync();
        if (loop is not null)
        {
            try
            {
                await loop;
            }
            catch (OperationCanceledException)
            {
                // Stopping is what we asked for.
            }
        }
        stop.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
