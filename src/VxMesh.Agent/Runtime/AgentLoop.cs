using Microsoft.Extensions.Logging;
using VxMesh.Agent.Dataplane;
using VxMesh.Agent.Metrics;
using VxMesh.Agent.Probing;
using VxMesh.Agent.Reconcile;
using VxMesh.Agent.Registry;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;

namespace VxMesh.Agent.Runtime;

/// <summary>
/// The long-running agent: reconcile on start, whenever a source signals a change, when an item
/// that failed is due for its retry, and on the resync interval (which re-reads the kernel, so
/// what notifications missed is found). Level-based: signals only decide *when* to look; what to
/// do comes from comparing the plan with the reconciler's model of the kernel.
///
/// An inventory that stops validating is not applied: the last good one stays in force
/// and the problems are logged, so a typo pushed to every node breaks nothing.
///
/// Every wait — debounce, retry, resync — runs on the injected <see cref="TimeProvider"/>, so tests
/// drive the loop with a fake clock instead of sleeping.
/// </summary>
/// <param name="feed">Kernel notifications about owned state; each one not explained by the reconciler's model
/// triggers a repair pass (drift repair within one debounce instead of one resync interval).</param>
public sealed partial class AgentLoop(
    IInventorySource source, NodeAgent agent, AgentOptions options, ILogger logger, IDataplaneFeed? feed = null, TimeProvider? time = null)
    : IDisposable
{
    private readonly TimeProvider clock = time ?? TimeProvider.System;
    private TaskCompletionSource poked = NewSignal();
    private long waitingUntilTicks = -1;
    private int passes;

    /// <summary>What /healthz and /readyz answer from (see <see cref="HealthServer"/>).</summary>
    public AgentHealth Health { get; } = new(time);

    /// <summary>What /metrics renders (see docs/metrics.md).</summary>
    public AgentMetrics Metrics { get; } = new();

    /// <summary>The peers' path states the prober keeps; the loop hands it the planned peers after each pass (null: no probing).</summary>
    public PeerHealthTable? Probes { get; init; }

    private long probedVersion = -1;
    private long withdrawnVersion = -1;

    /// <summary>Passes run so far (for health reports and tests).</summary>
    public int Passes => Volatile.Read(ref passes);

    /// <summary>While the loop waits: when the next pass is due unless something pokes it first; null while it works.</summary>
    public DateTimeOffset? WaitingUntil => Interlocked.Read(ref waitingUntilTicks) is var t and >= 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    /// <summary>Asks for a pass soon (thread-safe; bursts collapse into one pass).</summary>
    public void Poke() => Volatile.Read(ref poked).TrySetResult();

    public async Task RunAsync(CancellationToken cancel)
    {
        source.Changed += Poke;
        source.Changed += Metrics.RegistryEvent;
        Metrics.Peers = Probes;
        if (Probes is not null)
        {
            Probes.DownChanged += Poke;
        }
        if (source is Registry.Etcd.EtcdInventorySource etcd)
        {
            Metrics.RegistryLoads = () => etcd.FullLoads;
        }
        if (feed is not null)
        {
            feed.Changed += Poke;
        }
        try
        {
            InventorySnapshot? lastGood = null;
            var backoff = options.RetryMin;
            var reason = "start";
            var resyncAt = clock.GetUtcNow() + options.Resync;
            while (!cancel.IsCancellationRequested)
            {
                // Signals from here on ask for another pass: the one below may already miss them.
                Interlocked.Exchange(ref poked, NewSignal());
                var resync = reason is "start" or "resync" || clock.GetUtcNow() >= resyncAt;
                if (resync)
                {
                    resyncAt = clock.GetUtcNow() + options.Resync;
                }
                Health.Turned();
                var (outcome, nextRetry) = Pass(reason, resync, ref lastGood);
                Interlocked.Increment(ref passes);
                if (outcome == PassOutcome.Converged)
                {
                    Health.Converged();
                }
                Health.Turned();
                var now = clock.GetUtcNow();
                TimeSpan delay;
                string next;
                if (outcome == PassOutcome.Failed)
                {
                    delay = backoff;
                    backoff = Min(backoff * 2, options.RetryMax);
                    next = "retry";
                }
                else if (outcome == PassOutcome.Pending && nextRetry is { } due && due < resyncAt)
                {
                    // Failed items wait for their own retry times; the rest of the kernel is converged.
                    delay = due > now ? due - now : TimeSpan.Zero;
                    next = "retry";
                }
                else
                {
                    // Converged, or a terminal problem an operator must fix: wait for a change or the resync.
                    delay = resyncAt > now ? resyncAt - now : TimeSpan.Zero;
                    backoff = options.RetryMin;
                    next = "resync";
                }
                if (await WaitAsync(delay, cancel))
                {
                    // Let a burst finish, then fold every signal that arrived meanwhile into one pass.
                    await SleepAsync(options.Debounce, cancel);
                    next = "change";
                }
                reason = next;
            }
        }
        finally
        {
            source.Changed -= Poke;
            source.Changed -= Metrics.RegistryEvent;
            if (Probes is not null)
            {
                Probes.DownChanged -= Poke;
            }
            if (feed is not null)
            {
                feed.Changed -= Poke;
            }
        }
    }

    private (PassOutcome Outcome, DateTimeOffset? NextRetry) Pass(string reason, bool resync, ref InventorySnapshot? lastGood)
    {
        var started = clock.GetTimestamp();
        ReconcileReport? report = null;
        var result = RunPass(ref reason, resync, ref lastGood, ref report);
        Metrics.Pass(reason, Name(result.Outcome), clock.GetElapsedTime(started), report, clock.GetUtcNow());
        if (report is not null)
        {
            Health.SetConflicts([.. report.RouteConflicts.Select(b => $"route {b}: someone else's route holds the prefix"), .. report.EntryConflicts.Select(c => c.ToString())]);
        }
        if (Probes is { } probes && agent.PeersVersion != probedVersion)
        {
            probedVersion = agent.PeersVersion;
            probes.SetTargets(agent.Peers.Select(p => new ProbeTarget(p.Cluster, p.Node, p.VtepIp)), clock.GetUtcNow());
        }
        return result;
    }

    private static string Name(PassOutcome outcome) => outcome switch
    {
        PassOutcome.Converged => "converged",
        PassOutcome.Pending => "pending",
        PassOutcome.Failed => "failed",
        _ => "terminal",
    };

    private (PassOutcome Outcome, DateTimeOffset? NextRetry) RunPass(ref string reason, bool resync, ref InventorySnapshot? lastGood, ref ReconcileReport? done)
    {
        var started = clock.GetTimestamp();
        var snapshot = source.Read();
        if (!snapshot.Usable)
        {
            LogInvalid(source.Description, string.Join("; ", snapshot.Problems));
            Metrics.RegistryError("invalid");
        }
        else if (snapshot.FindNode(agent.NodeName) is null)
        {
            LogNodeMissing(agent.NodeName, source.Description);
            Metrics.RegistryError("node_missing");
        }
        else
        {
            lastGood = snapshot;
            Health.ViewUsable();
        }
        if (lastGood is null)
        {
            return (PassOutcome.Failed, null);
        }
        try
        {
            if (feed is not null && agent.Absorb(feed.Drain()))
            {
                reason = "drift";
            }
            if (Probes is { } probes && probes.DownVersion is var version && version != withdrawnVersion)
            {
                // A peer the probes find down leaves the service groups (its flows move to the others).
                // Read only when the down set may have changed: at 10,000 peers it is a walk and a sort.
                withdrawnVersion = version;
                agent.Withdrawn = probes.Down().Select(p => p.Node).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToValueList();
            }
            var pass = agent.Reconcile(lastGood, resync);
            feed?.Follow(pass.Device.Name, pass.Device.UnderlayDev);
            var report = pass.Report;
            done = report;
            if (report.Resynced || !pass.Incremental)
            {
                ReturnMemory();
            }
            if (report.Results.Count > 0 || reason != "change")
            {
                var ms = clock.GetElapsedTime(started).TotalMilliseconds;
                LogPass(reason, report.Changes, report.Failures.Count, ms, report.Pending, pass.Incremental ? "changed peers" : "whole plan",
                    report.Resynced ? ", kernel re-read" : "", report.Kinds);
            }
            return report.Converged ? (PassOutcome.Converged, null) : (PassOutcome.Pending, report.NextRetry);
        }
        catch (Exception e) when (e is DeviceConflictException or PlanningException)
        {
            LogPassFailed(reason, e.Message);
            return (PassOutcome.Terminal, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogPassFailed(reason, e.Message);
            return (PassOutcome.Failed, null);
        }
    }

    /// <summary>
    /// A whole plan or a kernel re-read allocates in proportion to the mesh (the dump, the plan, the
    /// ops) and leaves it all garbage a moment later; the collector would keep that memory mapped
    /// as room for the next one. A node agent sits idle between such passes, so it gives the memory
    /// back instead: one compacting collection that also returns free regions to the OS (a few ms
    /// at 10,000 peers, every resync interval at most), keeping the steady footprint near the live
    /// model rather than the peak of the last bulk pass.
    /// </summary>
    private static void ReturnMemory() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

    private enum PassOutcome
    {
        Converged,

        /// <summary>Items failed and wait for their retry (the reconciler's per-item backoff).</summary>
        Pending,

        /// <summary>The pass could not run (no usable inventory, an unexpected error): the loop backs off.</summary>
        Failed,

        Terminal,
    }

    private async Task SleepAsync(TimeSpan delay, CancellationToken cancel)
    {
        // The timer first, then the published deadline: whoever reads the deadline may move a fake clock past it.
        var sleep = Task.Delay(delay, clock, cancel);
        Interlocked.Exchange(ref waitingUntilTicks, (clock.GetUtcNow() + delay).UtcTicks);
        try
        {
            await sleep;
        }
        catch (OperationCanceledException)
        {
            // Stopping: the loop condition ends the run.
        }
        finally
        {
            Interlocked.Exchange(ref waitingUntilTicks, -1);
        }
    }

    /// <summary>True when poked before <paramref name="delay"/> ran out.</summary>
    private async Task<bool> WaitAsync(TimeSpan delay, CancellationToken cancel)
    {
        var signal = Volatile.Read(ref poked).Task;
        if (signal.IsCompleted)
        {
            return true;
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var timer = Task.Delay(delay, clock, stop.Token);
        Interlocked.Exchange(ref waitingUntilTicks, (clock.GetUtcNow() + delay).UtcTicks);
        try
        {
            var first = await Task.WhenAny(signal, timer);
            return first == signal && !cancel.IsCancellationRequested;
        }
        finally
        {
            Interlocked.Exchange(ref waitingUntilTicks, -1);
            await stop.CancelAsync();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    public void Dispose() => Poke();

    [LoggerMessage(EventId = 200, Level = LogLevel.Information,
        Message = "pass ({Reason}): {Changes} changes, {Failures} failures in {Ms:F1} ms; {Pending} pending ({Scope}{Reread}): {Kinds}")]
    private partial void LogPass(string reason, int changes, int failures, double ms, int pending, string scope, string reread, OpKinds kinds);

    [LoggerMessage(EventId = 201, Level = LogLevel.Error, Message = "pass ({Reason}) failed: {Error}")]
    private partial void LogPassFailed(string reason, string error);

    [LoggerMessage(EventId = 202, Level = LogLevel.Error, Message = "{Source} is invalid, keeping the last good inventory: {Problems}")]
    private partial void LogInvalid(string source, string problems);

    [LoggerMessage(EventId = 203, Level = LogLevel.Error, Message = "node {Node} is no longer in {Source}; keeping the last good inventory")]
    private partial void LogNodeMissing(string node, string source);
}
