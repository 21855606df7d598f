using System.Diagnostics;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;
using VxMesh.Agent.Registry.Etcd;

namespace VxMesh.Bench.Convergence;

/// <summary>One registry event as the bench saw it: when (Stopwatch ticks), which key, put or delete.</summary>
internal sealed record RegistryEvent(long At, string Key, bool Deleted);

/// <summary>
/// Watches the node keys of a registry and stamps every event the moment it arrives. An agent's
/// watch gets the same event over the same kind of stream, so "event seen here → route in a
/// peer's kernel" is the time the mesh needed, without trusting any agent's own clock or log.
/// </summary>
internal sealed class RegistryWatch : IAsyncDisposable
{
    private readonly AsyncDuplexStreamingCall<WatchRequest, WatchResponse> call;
    private readonly CancellationTokenSource stop = new();
    private readonly List<RegistryEvent> events = [];
    private readonly TaskCompletionSource created = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task reader;

    private RegistryWatch(NamespacedEtcd etcd, string prefix)
    {
        call = etcd.Watch.Watch(cancellationToken: stop.Token);
        reader = Task.Run(() => ReadAsync(prefix));
    }

    /// <summary>Starts watching <paramref name="prefix"/> and returns once etcd confirmed the watch (bounded).</summary>
    public static async Task<RegistryWatch> StartAsync(NamespacedEtcd etcd, string prefix, CancellationToken cancel)
    {
        var watch = new RegistryWatch(etcd, prefix);
        try
        {
            await watch.created.Task.WaitAsync(TimeSpan.FromSeconds(10), cancel);
            return watch;
        }
        catch
        {
            await watch.DisposeAsync();
            throw;
        }
    }

    /// <summary>The first event on <paramref name="key"/> of that kind at or after <paramref name="since"/>; polled, so the stamp stays exact.</summary>
    public async Task<long> WaitForAsync(string key, bool deleted, long since, TimeSpan timeout, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            lock (events)
            {
                if (events.FirstOrDefault(e => e.Key == key && e.Deleted == deleted && e.At >= since) is { } seen)
                {
                    return seen.At;
                }
            }
            if (reader.IsCompleted)
            {
                throw new InvalidOperationException($"the registry watch ended: {reader.Exception?.InnerException?.Message ?? "stream closed"}");
            }
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"no {(deleted ? "delete" : "put")} of {key} within {timeout.TotalSeconds:0} s");
            }
            await Task.Delay(2, cancel);
        }
    }

    private async Task ReadAsync(string prefix)
    {
        try
        {
            await WatchAsync(prefix);
        }
        catch (Exception e)
        {
            // Before etcd confirmed the watch, a failure must end StartAsync's wait at once.
            created.TrySetException(e);
            throw;
        }
    }

    private async Task WatchAsync(string prefix)
    {
        await call.RequestStream.WriteAsync(new WatchRequest
        {
            CreateRequest = new WatchCreateRequest
            {
                Key = ByteString.CopyFromUtf8(prefix),
                RangeEnd = ByteString.CopyFrom(RegistryKeys.RangeEnd(prefix)),
            },
        });
        while (await call.ResponseStream.MoveNext(stop.Token))
        {
            var at = Stopwatch.GetTimestamp();
            var response = call.ResponseStream.Current;
            if (response.Created)
            {
                created.TrySetResult();
            }
            lock (events)
            {
                events.AddRange(response.Events.Select(e =>
                    new RegistryEvent(at, e.Kv.Key.ToStringUtf8(), e.Type == Mvccpb.Event.Types.EventType.Delete)));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await reader;
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException)
        {
            // Our own cancellation ends the stream.
        }
        call.Dispose();
        stop.Dispose();
    }
}
