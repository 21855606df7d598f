using VxMesh.Lab.Scripts;

namespace VxMesh.Lab.Runtime;

/// <summary>
/// Applies a <see cref="NamespaceScript"/>: one `ip -batch`, one `bridge -batch`, one sysctl
/// and one nft per namespace at most, in that order (sysctls name devices the batch creates).
/// </summary>
public static class ScriptRunner
{
    public static async Task ApplyAsync(NamespaceScript script, CancellationToken cancel)
    {
        var ns = script.Namespace;
        if (script.Ip.Count > 0)
        {
            await ProcessRunner.RunCheckedAsync($"wiring {ns}", "ip", ["-n", ns, "-batch", "-"], Timeouts.Command, cancel, Lines(script.Ip));
        }
        if (script.Bridge.Count > 0)
        {
            await ProcessRunner.RunCheckedAsync($"FDB entries in {ns}", "bridge", ["-n", ns, "-batch", "-"], Timeouts.Command, cancel, Lines(script.Bridge));
        }
        if (script.Sysctls.Count > 0)
        {
            await ProcessRunner.RunCheckedAsync($"sysctls in {ns}", "ip", Netns.Exec(ns, ["sysctl", "-q", "-w", .. script.Sysctls]), Timeouts.Command, cancel);
        }
        if (script.Nftables is { } rules)
        {
            await ProcessRunner.RunCheckedAsync($"NAT rules in {ns}", "ip", Netns.Exec(ns, "nft", "-f", "-"), Timeouts.Command, cancel, rules);
        }
    }

    /// <summary>
    /// Removal scripts (a node leaving): `-force` keeps going past lines that fail, because an
    /// entry that is already gone is the outcome wanted. Exit codes are not errors here.
    /// </summary>
    public static async Task ApplyTolerantAsync(NamespaceScript script, CancellationToken cancel)
    {
        var ns = script.Namespace;
        if (script.Ip.Count > 0)
        {
            await ProcessRunner.RunAsync("ip", ["-n", ns, "-force", "-batch", "-"], Timeouts.Command, cancel, Lines(script.Ip));
        }
        if (script.Bridge.Count > 0)
        {
            await ProcessRunner.RunAsync("bridge", ["-n", ns, "-force", "-batch", "-"], Timeouts.Command, cancel, Lines(script.Bridge));
        }
    }

    /// <summary>Applies scripts of one stage side by side; they touch disjoint namespaces.</summary>
    public static Task ApplyAllAsync(IEnumerable<NamespaceScript> scripts, CancellationToken cancel) =>
        Parallel.ForEachAsync(scripts, new ParallelOptions { MaxDegreeOfParallelism = Concurrency.Commands, CancellationToken = cancel },
            async (script, token) => await ApplyAsync(script, token));

    private static string Lines(IEnumerable<string> lines) => string.Concat(lines.Select(l => l + "\n"));
}

/// <summary>How many child processes the lab runs at once: enough to hide process start-up, few enough for 2 cores.</summary>
public static class Concurrency
{
    public const int Commands = 8;

    /// <summary>
    /// Timed requests run one per core: more would measure the scheduler, not the network
    /// (with 8 at once on 2 cores, time_starttransfer grew from ~0.5 ms to ~20 ms).
    /// </summary>
    public static int Probes => Math.Max(2, Environment.ProcessorCount);
}
