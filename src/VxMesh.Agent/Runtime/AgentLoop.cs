using Microsoft.Extensions.Logging;
using VxMesh.Agent.Dataplane;
using VxMesh.Agent.Reconcile;
using VxMesh.Agent.Registry;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;

namespace VxMesh.Agent.Runtime;

/// <summary>
/// The long-running agent: reconcile on start, whenever a source signals a change, on the
/// resync interval, and — after a failure — again with exponential backoff. Level-based:
/// every pass reads the whole inventory and observes the kernel afresh, so signals only
/// decide *when* to look, never *what* to do.
///
/// An inventory that stops validating is not applied: the last good one stays in force
/// and the problems are logged, so a typo pushed to every node breaks nothing.
/// </summary>
/// <param name="feed">Kernel notifications about owned state; each one not explained by the reconciler's model
/// triggers a repair pass (drift repair within one debounce instead of one resync interval).</param>
public sealed partial class AgentLoop(IInventorySource source, NodeAgent agent, AgentOptions options, ILogger logger, IDataplaneFeed? feed = null)
    : IDisposable
{
    private readonly SemaphoreSlim wake = new(0, 1);

    /// <summary>Asks for a pass soon (thread-safe; bursts collapse into one pass).</summary>
    public void Poke()
    {
        try
        {
            wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // A pass is already pending: nothing more to do.
        }
    }

    public async Task RunAsync(CancellationToken cancel)
    {
        source.Changed += Poke;
        if (feed is not null)
        {
            feed.Changed += Poke;
        }
        try
        {
            Inventory? lastGood = null;
            var backoff = options.RetryMin;
            var reason = "start";
            while (!cancel.IsCancellationRequested)
            {
                var outcome = Pass(reason, ref lastGood);
                TimeSpan delay;
                if (outcome == PassOutcome.Failed)
                {
                    delay = backoff;
                    backoff = Min(backoff * 2, options.RetryMax);
                }
                else
                {
                    // Converged, or a terminal problem an operator must fix: wait for a change or the resync.
                    delay = options.Resync;
                    backoff = options.RetryMin;
                }
                reason = await WaitAsync(delay, cancel) ? "change" : outcome == PassOutcome.Failed ? "retry" : "resync";
                if (reason == "change")
                {
                    // Let a burst finish, then fold every signal that arrived meanwhile into one pass.
                    await SleepAsync(options.Debounce, cancel);
                    wake.Wait(0, CancellationToken.None);
                }
            }
        }
        finally
        {
            source.Changed -= Poke;
            if (feed is not null)
            {
                feed.Changed -= Poke;
            }
        }
    }

    private PassOutcome Pass(string reason, ref Inventory? lastGood)
    {
        var snapshot = source.Read();
        if (snapshot.Inventory is null)
        {
            LogInvalid(source.Description, string.Join("; ", snapshot.Problems));
        }
        else if (snapshot.Inventory.FindNode(agent.NodeName) is null)
        {
            LogNodeMissing(agent.NodeName, source.Description);
        }
        else
        {
            lastGood = snapshot.Inventory;
        }
        if (lastGood is null)
        {
            return PassOutcome.Failed;
        }
        try
        {
            if (feed is not null && agent.Absorb(feed.Drain()))
            {
                reason = "drift";
            }
            var (state, report) = agent.Reconcile(lastGood, resync: reason is not ("change" or "drift"));
            feed?.Follow(state.Device.Name, state.Device.UnderlayDev);
            if (report.Results.Count > 0 || reason != "change")
            {
                LogPass(reason, report.Changes, report.Failures.Count, report.Elapsed.TotalMilliseconds);
            }
            return report.Converged ? PassOutcome.Converged : PassOutcome.Failed;
        }
        catch (Exception e) when (e is DeviceConflictException or PlanningException)
        {
            LogPassFailed(reason, e.Message);
            return PassOutcome.Terminal;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogPassFailed(reason, e.Message);
            return PassOutcome.Failed;
        }
    }

    private enum PassOutcome
    {
        Converged,
        Failed,
        Terminal,
    }

    private static async Task SleepAsync(TimeSpan delay, CancellationToken cancel)
    {
        try
        {
            await Task.Delay(delay, cancel);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the loop condition ends the run.
        }
    }

    /// <summary>True when poked before <paramref name="delay"/> ran out.</summary>
    private async Task<bool> WaitAsync(TimeSpan delay, CancellationToken cancel)
    {
        try
        {
            return await wake.WaitAsync(delay, cancel);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    public void Dispose() => wake.Dispose();

    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "pass ({Reason}): {Changes} changes, {Failures} failures in {Ms:F1} ms")]
    private partial void LogPass(string reason, int changes, int failures, double ms);

    [LoggerMessage(EventId = 201, Level = LogLevel.Error, Message = "pass ({Reason}) failed: {Error}")]
    private partial void LogPassFailed(string reason, string error);

    [LoggerMessage(EventId = 202, Level = LogLevel.Error, Message = "{Source} is invalid, keeping the last good inventory: {Problems}")]
    private partial void LogInvalid(string source, string problems);

    [LoggerMessage(EventId = 203, Level = LogLevel.Error, Message = "node {Node} is no longer in {Source}; keeping the last good inventory")]
    private partial void LogNodeMissing(string node, string source);
}
