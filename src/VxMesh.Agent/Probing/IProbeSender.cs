using System.Net;

namespace VxMesh.Agent.Probing;

/// <summary>Sends probes and says how long each answer took (null: none within the timeout).</summary>
public interface IProbeSender
{
    /// <summary>At most this many probes of one round are in flight at once (the per-probe round below).</summary>
    const int RoundConcurrency = 4096;

    Task<TimeSpan?> ProbeAsync(IPAddress target, TimeSpan timeout, CancellationToken cancel);

    /// <summary>
    /// One round: every target probed once; <paramref name="settled"/> is called with each target's index and
    /// its answer as soon as it is known (an answer when it arrives, null once <paramref name="timeout"/> passed).
    /// The default sends one <see cref="ProbeAsync"/> per target, at most <see cref="RoundConcurrency"/> at a time.
    /// </summary>
    Task RoundAsync(IReadOnlyList<IPAddress> targets, TimeSpan timeout, Action<int, TimeSpan?> settled, CancellationToken cancel) =>
        Parallel.ForEachAsync(Enumerable.Range(0, targets.Count), new ParallelOptions { MaxDegreeOfParallelism = RoundConcurrency, CancellationToken = cancel },
            async (i, token) => settled(i, await ProbeAsync(targets[i], timeout, token)));
}
