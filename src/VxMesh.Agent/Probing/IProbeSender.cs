using System.Net;

namespace VxMesh.Agent.Probing;

/// <summary>Sends the probes of a round and says how long each answer took (null: none within the timeout).</summary>
public interface IProbeSender
{
    /// <summary>
    /// One round: every target probed once; <paramref name="settled"/> is called with each target's index and
    /// its answer as soon as it is known (an answer when it arrives, null once <paramref name="timeout"/> passed).
    /// One round at a time.
    /// </summary>
    Task RoundAsync(IReadOnlyList<IPAddress> targets, TimeSpan timeout, Action<int, TimeSpan?> settled, CancellationToken cancel);
}
