using System.Net;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;
using VxMesh.Core.Addressing;

namespace VxMesh.Agent.Registry.Etcd;

/// <summary>The registrar's loop: lease, write, renew, wait.</summary>
public sealed partial class NodeRegistrar
{
    /// <summary>The keepalive stream; only the loop touches it.</summary>
    private AsyncDuplexStreamingCall<LeaseKeepAliveRequest, LeaseKeepAliveResponse>? renewals;

    private sealed class LeaseLostException(long lease) : Exception($"lease {lease:x} is gone")
    {
        public long Lease => lease;
    }

    /// <summary>The mesh settings are not in etcd yet: nothing to register against (retried).</summary>
    private sealed class RegistryNotLoadedException(string message) : Exception(message);

    private async Task RunAsync(CancellationToken cancel)
    {
        var backoff = new Backoff(options.RetryMin, options.RetryMax);
        try
        {
            while (!cancel.IsCancellationRequested)
            {
                try
                {
                    await StepAsync(cancel);
                    backoff.Reset();
                    ClearError();
                    await WaitAsync(options.KeepAliveInterval, cancel);
                }
                catch (Exception e) when (!cancel.IsCancellationRequested && (e is LeaseLostException || EtcdConnection.IsLeaseNotFound(e)))
                {
                    var lost = Interlocked.Exchange(ref leaseId, 0);
                    LogLeaseLost(Key, lost);
                    DropRenewals();
                }
                catch (Exception e) when (!cancel.IsCancellationRequested)
                {
                    DropRenewals();
                    if (EtcdConnection.IsTransient(e))
                    {
                        etcd.Rotate();
                    }
                    var delay = backoff.Next();
                    ReportError(e, delay);
                    var retry = Task.Delay(delay, time, cancel);
                    Interlocked.Exchange(ref retryAtTicks, (time.GetUtcNow() + delay).UtcTicks);
                    try
                    {
                        await retry;
                    }
                    finally
                    {
                        Interlocked.Exchange(ref retryAtTicks, -1);
                    }
                }
            }
        }
        catch (Exception) when (cancel.IsCancellationRequested)
        {
            // Stopped (gRPC reports our own cancellation as RpcException(Cancelled)).
        }
        finally
        {
            DropRenewals();
        }
    }

    /// <summary>Grant if needed, verify if asked, write if needed, renew once.</summary>
    private async Task StepAsync(CancellationToken cancel)
    {
        if (LeaseId == 0)
        {
            await GrantAsync(cancel);
        }
        if (verifyRequested)
        {
            verifyRequested = false;
            var entry = await EtcdReads.GetAsync(etcd, Key, cancel);
            if (entry is null || entry.Lease != LeaseId)
            {
                LogKeyMissing(Key);
                Interlocked.Exchange(ref writtenVersion, 0);
            }
        }
        if (Interlocked.Read(ref writtenVersion) != Interlocked.Read(ref desiredVersion))
        {
            await WriteAsync(cancel);
        }
        else if (registered is { } current && time.GetUtcNow() >= claimRefreshDue)
        {
            await PutClaimAsync(current, cancel);
        }
        renewals ??= etcd.Lease.LeaseKeepAlive(cancellationToken: cancel);
        await RenewAsync(renewals, cancel);
    }

    private async Task GrantAsync(CancellationToken cancel)
    {
        var response = await etcd.Lease.LeaseGrantAsync(new LeaseGrantRequest { TTL = options.TtlSeconds }, etcd.Call(cancel));
        if (!string.IsNullOrEmpty(response.Error))
        {
            throw new InvalidOperationException($"etcd refused a lease: {response.Error}");
        }
        Interlocked.Exchange(ref leaseId, response.ID);
        Interlocked.Increment(ref leaseGrants);
        Interlocked.Exchange(ref writtenVersion, 0);
        LogLeaseGranted(Key, response.ID, response.TTL);
    }

    private async Task WriteAsync(CancellationToken cancel)
    {
        var previous = registered;
        long version;
        IReadOnlyList<IPNetwork> blocks;
        lock (gate)
        {
            version = desiredVersion;
            blocks = podCidrs;
        }
        var vtepIp = await ResolveVtepIpAsync(cancel);
        var now = time.GetUtcNow();
        registeredAt ??= now;
        var registration = new NodeRegistration(spec.Cluster, spec.Name, spec.Ip, spec.UnderlayDev, vtepIp,
            spec.VtepMac ?? VtepMacDerivation.Derive(spec.Cluster, spec.Name), blocks, registeredAt.Value, now, NodeRegistrarSpec.AgentVersion);
        var lease = LeaseId;
        if (previous is null)
        {
            await DropLapsedClaimAsync(now, cancel);
        }
        // The registration and the claim in one transaction: one revision, so a node that just joined
        // is as old as its claim and the claim's event changes nothing peers decide.
        var request = new TxnRequest();
        request.Success.Add(new RequestOp { RequestPut = new PutRequest { Key = ByteString.CopyFromUtf8(Key), Value = ByteString.CopyFrom(RegistryJson.Encode(registration)), Lease = lease } });
        request.Success.Add(new RequestOp { RequestPut = ClaimPut(registration, now) });
        await etcd.Kv.TxnAsync(request, etcd.Call(cancel));
        claimRefreshDue = now + options.ClaimRefreshInterval;
        registered = registration;
        lastVtepIp = vtepIp ?? lastVtepIp;
        Interlocked.Exchange(ref writtenVersion, version);
        var what = previous is null ? "registered" : "updated";
        if (vtepIp is null)
        {
            LogWrittenOnlink(Key, lease, what, registration.Ip, blocks);
        }
        else
        {
            LogWritten(Key, lease, what, registration.Ip, vtepIp, blocks);
        }
        firstWrite.TrySetResult();
    }

    /// <summary>What this node holds, reserved until now + the grace period (and for as long as it stays registered).</summary>
    private PutRequest ClaimPut(NodeRegistration r, DateTimeOffset now) => new()
    {
        Key = ByteString.CopyFromUtf8(ClaimKey),
        Value = ByteString.CopyFrom(RegistryJson.Encode(new NodeClaim(r.Cluster, r.Name, r.Ip, r.VtepIp, r.VtepMac!, r.PodCidrs,
            registeredAt ?? now, now + options.ClaimGrace, NodeRegistrarSpec.AgentVersion))),
    };

    /// <summary>Pushes the claim's end out while the node runs, so a crash (no deregistration) still leaves it most of the grace.</summary>
    private async Task PutClaimAsync(NodeRegistration current, CancellationToken cancel)
    {
        var now = time.GetUtcNow();
        await etcd.Kv.PutAsync(ClaimPut(current, now), etcd.Call(cancel));
        claimRefreshDue = now + options.ClaimRefreshInterval;
    }

    /// <summary>
    /// A claim of ours that ran out while we were away gives no seniority any more: whoever took its
    /// blocks meanwhile keeps them. Deleting it first makes the claim written next a new one (a new
    /// create revision), as young as this registration.
    /// </summary>
    private async Task DropLapsedClaimAsync(DateTimeOffset now, CancellationToken cancel)
    {
        var claim = await EtcdReads.GetAsync(etcd, ClaimKey, cancel);
        if (claim is null || RegistryJson.TryDecode<NodeClaim>(claim.Value.Span, out _) is { } held && held.HeldUntil > now
            || await EtcdReads.GetAsync(etcd, Key, cancel) is not null)
        {
            return;
        }
        var request = new TxnRequest();
        request.Compare.Add(new Compare
        {
            Key = ByteString.CopyFromUtf8(ClaimKey),
            Target = Compare.Types.CompareTarget.Mod,
            Result = Compare.Types.CompareResult.Equal,
            ModRevision = claim.ModRevision,
        });
        request.Success.Add(new RequestOp { RequestDeleteRange = new DeleteRangeRequest { Key = ByteString.CopyFromUtf8(ClaimKey) } });
        await etcd.Kv.TxnAsync(request, etcd.Call(cancel));
        LogClaimLapsed(ClaimKey);
    }

    /// <summary>vtepCidr mode: the given VTEP IP claimed, or one allocated. Onlink mode: none (a given one is passed on for the validator to refuse).</summary>
    private async Task<IPAddress?> ResolveVtepIpAsync(CancellationToken cancel)
    {
        var entry = await EtcdReads.GetAsync(etcd, keys.Mesh, cancel)
            ?? throw new RegistryNotLoadedException($"no mesh settings at {keys.Mesh} yet; waiting for `vxmesh registry load`");
        var mesh = RegistryJson.TryDecode<MeshRecord>(entry.Value.Span, out var error)
            ?? throw new RegistryNotLoadedException($"the mesh settings at {keys.Mesh} are unreadable ({error})");
        if (mesh.VtepCidr is not { } cidr)
        {
            return spec.VtepIp;
        }
        if (spec.VtepIp is { } given)
        {
            await allocator.ClaimAsync(given, spec.Cluster, spec.Name, cancel);
            return given;
        }
        return await allocator.AllocateAsync(cidr, spec.Cluster, spec.Name, spec.Ip, lastVtepIp, cancel);
    }

    /// <summary>One renewal on the keepalive stream; a reply with TTL 0 means etcd no longer knows the lease.</summary>
    private async Task RenewAsync(AsyncDuplexStreamingCall<LeaseKeepAliveRequest, LeaseKeepAliveResponse> renewals, CancellationToken cancel)
    {
        var lease = LeaseId;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(etcd.RequestTimeout);
        await renewals.RequestStream.WriteAsync(new LeaseKeepAliveRequest { ID = lease }, deadline.Token);
        if (!await renewals.ResponseStream.MoveNext(deadline.Token))
        {
            throw new IOException("etcd closed the keepalive stream");
        }
        if (renewals.ResponseStream.Current.TTL <= 0)
        {
            throw new LeaseLostException(lease);
        }
    }

    /// <summary>Until the renewal is due (on the injected clock) or something pokes the loop.</summary>
    private async Task WaitAsync(TimeSpan delay, CancellationToken cancel)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var poked = wake.WaitAsync(either.Token);
        var due = Task.Delay(delay, time, either.Token);
        await Task.WhenAny(poked, due);
        await either.CancelAsync();
        try
        {
            await poked;
        }
        catch (OperationCanceledException)
        {
            // The renewal came due first (or we are stopping: checked below).
        }
        cancel.ThrowIfCancellationRequested();
    }

    /// <summary>While the loop waits to retry after a failure: when (on its clock); null otherwise.</summary>
    public DateTimeOffset? RetryAt => Interlocked.Read(ref retryAtTicks) is var t and >= 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    private void DropRenewals()
    {
        renewals?.Dispose();
        renewals = null;
    }

    private void ReportError(Exception e, TimeSpan delay)
    {
        var message = e is RpcException rpc ? $"{rpc.StatusCode}: {rpc.Status.Detail}" : e.Message;
        if (Interlocked.Exchange(ref lastError, message) != message)
        {
            LogFailed(Key, message, delay.TotalMilliseconds);
        }
    }

    private void ClearError()
    {
        if (Interlocked.Exchange(ref lastError, null) is not null)
        {
            LogRecovered(Key);
        }
    }
}
