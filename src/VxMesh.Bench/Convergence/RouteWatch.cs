using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using VxMesh.Core.Model;
using VxMesh.Netlink;

namespace VxMesh.Bench.Convergence;

/// <summary>
/// Watches the VxMesh routes (protocol 118) of several namespaces at once and answers "when did
/// every one of them first satisfy this?". Each namespace has a thread blocked on rtnetlink
/// route and nexthop notifications; each notification (or, as a backstop, 100 ms without one)
/// triggers a dump, and the dump is stamped with the time the notification arrived. So the
/// stamp is when the kernel told us, not when we happened to look, and an idle namespace costs
/// ten dumps a second. Dumps, not the notifications themselves, decide: routes flushed with a
/// nexthop come with no route notification of their own.
/// </summary>
internal sealed class RouteWatch : IDisposable
{
    private static readonly TimeSpan Backstop = TimeSpan.FromMilliseconds(100);
    private readonly List<Thread> threads = [];
    private readonly List<Expectation> pending = [];
    private readonly Lock gate = new();
    private readonly string[] namespaces;
    private volatile bool stopping;
    private int started;
    private Exception? failure;

    public RouteWatch(IReadOnlyList<string> namespaces)
    {
        this.namespaces = [.. namespaces];
        foreach (var ns in namespaces)
        {
            var thread = new Thread(() => Run(ns)) { IsBackground = true, Name = $"route watch {ns}" };
            threads.Add(thread);
            thread.Start();
        }
        var clock = Stopwatch.StartNew();
        while (Volatile.Read(ref started) < namespaces.Count && failure is null && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            Thread.Sleep(1);
        }
        if (failure is not null || Volatile.Read(ref started) < namespaces.Count)
        {
            Dispose();
            throw new InvalidOperationException($"cannot watch routes in {string.Join(", ", namespaces)}: {failure?.Message ?? "timed out"}");
        }
    }

    /// <summary>
    /// Registers a condition before the change is triggered; the task completes with the stamp at
    /// which the last namespace first satisfied it (only dumps taken after this call count).
    /// </summary>
    public Task<long> Expect(Func<IReadOnlySet<IPNetwork>, bool> condition)
    {
        var expectation = new Expectation(condition, namespaces);
        lock (gate)
        {
            pending.Add(expectation);
        }
        return expectation.Done.Task;
    }

    private void Run(string ns)
    {
        try
        {
            using var monitor = RtnlMonitor.OpenInNamespace(ns);
            using var client = RtnlClient.OpenInNamespace(ns);
            Interlocked.Increment(ref started);
            while (!stopping)
            {
                var first = monitor.Read(Backstop);
                var at = Stopwatch.GetTimestamp();
                // No notification within the backstop: look anyway.
                var relevant = first is null || Relevant(first.Kind);
                // Fold a burst into one dump: an agent's pass is a handful of notifications.
                while (monitor.Read(TimeSpan.Zero) is { } more)
                {
                    relevant |= Relevant(more.Kind);
                }
                if (!relevant)
                {
                    continue;
                }
                var routes = client.GetRoutes(AddressFamily.InterNetwork)
                    .Where(r => r.Protocol == Ownership.RouteProtocol).Select(r => r.Destination).ToHashSet();
                Publish(ns, at, routes);
            }
        }
        catch (Exception e) when (!stopping)
        {
            failure = e;
            lock (gate)
            {
                pending.ForEach(p => p.Done.TrySetException(e));
            }
        }
    }

    private static bool Relevant(RtnlEventKind kind) =>
        kind is RtnlEventKind.NewRoute or RtnlEventKind.DelRoute or RtnlEventKind.NewNexthop or RtnlEventKind.DelNexthop
            or RtnlEventKind.DelLink or RtnlEventKind.Overrun;

    private void Publish(string ns, long at, IReadOnlySet<IPNetwork> routes)
    {
        lock (gate)
        {
            foreach (var expectation in pending.Where(p => p.Offer(ns, at, routes)).ToList())
            {
                pending.Remove(expectation);
            }
        }
    }

    public void Dispose()
    {
        stopping = true;
        foreach (var thread in threads)
        {
            thread.Join(TimeSpan.FromSeconds(1));
        }
        lock (gate)
        {
            pending.ForEach(p => p.Done.TrySetCanceled());
            pending.Clear();
        }
    }

    /// <summary>One condition over every namespace: the first satisfying stamp per namespace, done when all have one.</summary>
    private sealed class Expectation(Func<IReadOnlySet<IPNetwork>, bool> condition, IReadOnlyList<string> namespaces)
    {
        private readonly Dictionary<string, long> satisfied = [];

        public TaskCompletionSource<long> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>True once every namespace has satisfied the condition (and the task is completed).</summary>
        public bool Offer(string ns, long at, IReadOnlySet<IPNetwork> routes)
        {
            if (!satisfied.ContainsKey(ns) && condition(routes))
            {
                satisfied[ns] = at;
            }
            if (satisfied.Count < namespaces.Count)
            {
                return false;
            }
            Done.TrySetResult(satisfied.Values.Max());
            return true;
        }
    }
}
