using Etcdserverpb;
using Google.Protobuf;

namespace VxMesh.Agent.Registry.Etcd;

/// <summary>
/// Keys one writer keeps alive under one etcd lease (the controller's service exports): when the
/// writer dies its keys go with the lease after the TTL, with no one left to clean up after it.
/// <see cref="KeepAsync"/> grants the lease the first time and renews it after; a lease etcd no
/// longer knows is replaced, and <see cref="KeepAsync"/> says so, since the keys on it are gone
/// too and must be written again.
/// </summary>
public sealed class LeasedKeys(EtcdConnection etcd, long ttlSeconds)
{
    public long Lease { get; private set; }

    /// <summary>True when a new lease was granted (first call, or the old one expired): rewrite every key.</summary>
    public async Task<bool> KeepAsync(CancellationToken cancel)
    {
        if (Lease != 0)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            deadline.CancelAfter(etcd.RequestTimeout);
            try
            {
                using var call = etcd.Lease.LeaseKeepAlive(cancellationToken: deadline.Token);
                await call.RequestStream.WriteAsync(new LeaseKeepAliveRequest { ID = Lease }, deadline.Token);
                await call.RequestStream.CompleteAsync();
                if (await call.ResponseStream.MoveNext(deadline.Token) && call.ResponseStream.Current.TTL > 0)
                {
                    return false;
                }
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                // Our own deadline, not the caller's stop: a failure the caller retries, never a cancellation it would take for its own.
                throw new TimeoutException($"etcd did not answer the keep-alive of lease {Lease:x} within {etcd.RequestTimeout.TotalSeconds:0} s");
            }
        }
        var response = await etcd.Lease.LeaseGrantAsync(new LeaseGrantRequest { TTL = ttlSeconds }, etcd.Call(cancel));
        if (!string.IsNullOrEmpty(response.Error))
        {
            throw new InvalidOperationException($"etcd refused a lease: {response.Error}");
        }
        Lease = response.ID;
        return true;
    }

    public async Task PutAsync(string key, byte[] value, CancellationToken cancel) =>
        await etcd.Kv.PutAsync(new PutRequest { Key = ByteString.CopyFromUtf8(key), Value = ByteString.CopyFrom(value), Lease = Lease }, etcd.Call(cancel));

    public async Task DeleteAsync(string key, CancellationToken cancel) =>
        await etcd.Kv.DeleteRangeAsync(new DeleteRangeRequest { Key = ByteString.CopyFromUtf8(key) }, etcd.Call(cancel));
}
