using System.Net;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using VxMesh.Core.Addressing;

namespace VxMesh.Agent.Registry.Etcd;

/// <summary>
/// Registers this node in etcd and keeps it registered: the node's key is attached to a lease
/// the agent renews (LeaseKeepAlive) three times per TTL, so a crashed agent's node disappears
/// from every peer one TTL after its last renewal, with nobody having to notice the crash.
/// <para>
/// One loop owns every write, so the key, the lease and the keepalive stream never race each
/// other: it grants a lease when it has none, writes the registration when it is new or changed
/// (a pod block appeared, the lease was re-granted), renews, and sleeps until the next renewal or
/// until poked. A lease can be lost without the agent dying — a partition or etcd outage longer
/// than the TTL, or an etcd that came back without its data — and etcd then answers renewals
/// with TTL 0 and refuses puts on it; either way the loop grants a new lease and writes the key
/// again, reusing its VTEP allocation. Transport errors back off from 200 ms to 5 s.
/// </para>
/// <para>
/// <see cref="DeregisterAsync"/> is the graceful exit: delete the key (only while it is still on
/// our lease, so a newer agent for the same node is not erased) and revoke the lease, so peers
/// drop the node at once instead of after the TTL. <see cref="StopAsync"/> just stops renewing,
/// leaving the key to expire — what a restart wants, since a new agent re-registers within the TTL
/// and peers never see the node go.
/// </para>
/// </summary>
public sealed partial class NodeRegistrar : IAsyncDisposable
{
    private readonly EtcdConnection etcd;
    private readonly RegistryKeys keys;
    private readonly NodeRegistrarSpec spec;
    private readonly NodeRegistrarOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly VtepIpAllocator allocator;
    private readonly SemaphoreSlim wake = new(0, 1);
    private readonly CancellationTokenSource stop = new();
    private readonly TaskCompletionSource firstWrite = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock gate = new();
    private IReadOnlyList<IPNetwork> podCidrs;
    private long desiredVersion = 1;
    private long writtenVersion;
    private long leaseId;
    private long retryAtTicks = -1;
    private int leaseGrants;
    private volatile bool verifyRequested;
    private volatile NodeRegistration? registered;
    private DateTimeOffset? registeredAt;
    private IPAddress? lastVtepIp;
    private string? lastError;
    private DateTimeOffset claimRefreshDue;
    private Task? loop;

    public NodeRegistrar(
        EtcdConnection etcd, RegistryKeys keys, NodeRegistrarSpec spec, ILogger logger,
        NodeRegistrarOptions? options = null, TimeProvider? time = null)
    {
        this.etcd = etcd;
        this.keys = keys;
        this.spec = spec;
        this.logger = logger;
        this.options = options ?? NodeRegistrarOptions.Default;
        this.time = time ?? TimeProvider.System;
        if (this.options.LeaseTtl < NodeRegistrarOptions.MinLeaseTtl)
        {
            throw new ArgumentOutOfRangeException(nameof(options), this.options.LeaseTtl, $"the lease TTL must be at least {NodeRegistrarOptions.MinLeaseTtl.TotalSeconds} s");
        }
        foreach (var (what, name) in new[] { ("cluster", spec.Cluster), ("node", spec.Name) })
        {
            if (string.IsNullOrEmpty(name) || name.Contains('/') || name.Any(char.IsWhiteSpace))
            {
                throw new ArgumentException($"'{name}' cannot be a {what} name in the registry (no '/', no spaces)");
            }
        }
        allocator = new VtepIpAllocator(etcd, keys, this.time);
        podCidrs = spec.PodCidrs;
        Key = keys.Node(spec.Cluster, spec.Name);
        ClaimKey = keys.Claim(spec.Cluster, spec.Name);
    }

    /// <summary>This node's claim: PREFIX claims/CLUSTER/NODE (no lease).</summary>
    public string ClaimKey { get; }

    /// <summary>This node's key: PREFIX nodes/CLUSTER/NODE.</summary>
    public string Key { get; }

    public NodeRegistrarSpec Spec => spec;

    /// <summary>The lease the key is attached to; 0 while there is none.</summary>
    public long LeaseId => Interlocked.Read(ref leaseId);

    /// <summary>How many leases were granted (1 normally; more after each lease loss).</summary>
    public int LeaseGrants => Volatile.Read(ref leaseGrants);

    /// <summary>The registration last written to etcd; null before the first write.</summary>
    public NodeRegistration? Registered => registered;

    public string? LastError => Volatile.Read(ref lastError);

    public IReadOnlyList<IPNetwork> PodCidrs
    {
        get
        {
            lock (gate)
            {
                return podCidrs;
            }
        }
    }

    /// <summary>Starts registering and renewing in the background. Idempotent.</summary>
    public void Start() => loop ??= Task.Run(() => RunAsync(stop.Token));

    /// <summary>True once the registration was written (false when <paramref name="timeout"/> ran out first).</summary>
    public async Task<bool> WaitForRegistrationAsync(TimeSpan timeout, CancellationToken cancel)
    {
        try
        {
            await firstWrite.Task.WaitAsync(timeout, cancel);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>New pod blocks (from discovery): written to the registration soon. Unchanged blocks are ignored.</summary>
    public void UpdatePodCidrs(IReadOnlyList<IPNetwork> blocks)
    {
        lock (gate)
        {
            if (podCidrs.SequenceEqual(blocks))
            {
                return;
            }
            podCidrs = [.. blocks];
            desiredVersion++;
        }
        LogBlocksChanged(Key, blocks);
        Poke();
    }

    /// <summary>Writes the registration again soon, resolving the VTEP IP afresh (the mesh's vtepCidr changed).</summary>
    public void Refresh()
    {
        lock (gate)
        {
            desiredVersion++;
        }
        Poke();
    }

    /// <summary>Asks the loop to check that the key is still there and on our lease, and to write it again if not.</summary>
    public void Verify()
    {
        if (registered is not null && loop is not null)
        {
            verifyRequested = true;
            Poke();
        }
    }

    /// <summary>Stops renewing without deregistering: the key expires after the TTL (a crash, or a restart).</summary>
    public async Task StopAsync()
    {
        if (!stop.IsCancellationRequested)
        {
            await stop.CancelAsync();
        }
        if (loop is not null)
        {
            await loop;
        }
    }

    /// <summary>
    /// Leaves the mesh now: stops renewing, deletes the key while it is still on our lease, and
    /// revokes the lease. When etcd cannot be reached the key expires after the TTL instead.
    /// </summary>
    public async Task DeregisterAsync(CancellationToken cancel)
    {
        await StopAsync();
        var lease = LeaseId;
        if (lease == 0)
        {
            return;
        }
        try
        {
            var request = new TxnRequest();
            request.Compare.Add(new Compare
            {
                Key = ByteString.CopyFromUtf8(Key),
                Target = Compare.Types.CompareTarget.Lease,
                Result = Compare.Types.CompareResult.Equal,
                Lease = lease,
            });
            request.Success.Add(new RequestOp { RequestDeleteRange = new DeleteRangeRequest { Key = ByteString.CopyFromUtf8(Key) } });
            // Gone from the mesh, not from what it holds: the claim keeps it all for the grace period from now.
            if (registered is { } last)
            {
                request.Success.Add(new RequestOp { RequestPut = ClaimPut(last, time.GetUtcNow()) });
            }
            await etcd.Kv.TxnAsync(request, etcd.Call(cancel));
            await etcd.Lease.LeaseRevokeAsync(new LeaseRevokeRequest { ID = lease }, etcd.Call(cancel));
            Interlocked.Exchange(ref leaseId, 0);
            LogDeregistered(Key, lease);
        }
        catch (Exception e) when (EtcdConnection.IsTransient(e) || EtcdConnection.IsLeaseNotFound(e))
        {
            LogDeregisterFailed(Key, e.Message, options.LeaseTtl.TotalSeconds);
        }
    }

    /// <summary>
    /// Gives up what this node holds (`agent --uninstall`): its claim and its VTEP allocation, each
    /// only while it is still ours, so the node's blocks and addresses are free for others at once.
    /// Call after <see cref="DeregisterAsync"/>.
    /// </summary>
    public async Task ReleaseAsync(CancellationToken cancel)
    {
        var released = await RegistryRelease.ReleaseAsync(etcd, keys, spec.Cluster, spec.Name, cancel);
        LogReleased(Key, released);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        stop.Dispose();
    }

    private void Poke()
    {
        try
        {
            wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already poked; the loop will look at everything.
        }
    }
}
