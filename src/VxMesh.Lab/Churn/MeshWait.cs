using System.Diagnostics;
using System.Net;
using VxMesh.Core.Model;
using VxMesh.Lab.Runtime;

namespace VxMesh.Lab.Churn;

/// <summary>What one node's kernel must show: these VxMesh routes present, or all of them absent.</summary>
public sealed record RouteExpectation(string Node, string Namespace, IReadOnlySet<IPNetwork> Destinations, bool Present);

/// <summary>
/// Waits, bounded, until every kernel shows what is expected of it, reading each with
/// `ip -j route show proto 118` (the kernel's word, not an agent's) every 50 ms, all nodes side
/// by side. Returns when the last one got there; that is at most one poll late.
/// </summary>
public static class MeshWait
{
    public static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(50);

    public static async Task<DateTimeOffset> UntilAsync(IReadOnlyList<RouteExpectation> expectations, TimeSpan timeout, string what, CancellationToken cancel)
    {
        var pending = expectations.ToList();
        var clock = Stopwatch.StartNew();
        var last = DateTimeOffset.UtcNow;
        var lacking = new Dictionary<RouteExpectation, string>();
        while (pending.Count > 0)
        {
            var polled = DateTimeOffset.UtcNow;
            lacking.Clear();
            await Parallel.ForEachAsync(pending, cancel, async (e, token) =>
            {
                var have = await Readiness.KernelRoutesAsync(e.Namespace, token);
                var wrong = e.Present ? e.Destinations.Where(d => !have.Contains(d)) : e.Destinations.Where(have.Contains);
                var text = string.Join(", ", wrong.OrderBy(d => d, AddressOrder.Instance));
                lock (lacking)
                {
                    lacking[e] = text;
                }
            });
            var done = pending.Where(e => lacking[e].Length == 0).ToList();
            if (done.Count > 0)
            {
                last = polled;
                pending.RemoveAll(done.Contains);
            }
            if (pending.Count == 0)
            {
                break;
            }
            if (clock.Elapsed > timeout)
            {
                throw new LabException($"timed out after {timeout.TotalSeconds:0} s waiting for {what}:\n" + string.Join("\n",
                    pending.Select(e => $"  {e.Node}: {(e.Present ? "missing" : "still has")} {lacking[e]}")));
            }
            await Task.Delay(PollEvery, cancel);
        }
        return last;
    }
}
