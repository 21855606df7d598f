namespace VxMesh.Lab.Runtime;

/// <summary>Stops processes the lab started, by pid: SIGTERM, a bounded wait, then SIGKILL for what is left.</summary>
public static class ProcessStopper
{
    /// <summary>True when every process left within the grace period (before SIGKILL was needed).</summary>
    public static async Task<bool> StopAsync(IReadOnlyCollection<int> pids, TimeSpan grace, CancellationToken cancel)
    {
        foreach (var pid in pids)
        {
            Signals.Send(pid, Signals.Term);
        }
        if (await WaitGoneAsync(pids, grace, cancel))
        {
            return true;
        }
        await KillAsync(pids, cancel);
        return false;
    }

    /// <summary>SIGKILL, then a bounded wait until the kernel has reaped them.</summary>
    public static async Task KillAsync(IReadOnlyCollection<int> pids, CancellationToken cancel)
    {
        foreach (var pid in pids.Where(ProcInfo.IsAlive))
        {
            Signals.Send(pid, Signals.Kill);
        }
        await WaitGoneAsync(pids, Timeouts.Stop, cancel);
    }

    public static async Task<bool> WaitGoneAsync(IReadOnlyCollection<int> pids, TimeSpan timeout, CancellationToken cancel)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (pids.Any(ProcInfo.IsAlive))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancel);
        }
        return true;
    }
}
