using System.Net;
using VxMesh.Agent.Discovery;
using VxMesh.Netlink;

namespace VxMesh.Agent.Registry.Etcd;

/// <summary>
/// Etcd mode of one agent, as <see cref="EtcdAgentSetup.StartAsync"/> started it. Disposing stops
/// everything but leaves the registration to expire after the TTL (right for a restart); call
/// <see cref="DeregisterAsync"/> first when the node leaves the mesh.
/// </summary>
public sealed class EtcdAgent : IAsyncDisposable
{
    private readonly EtcdConnection etcd;
    private readonly EtcdInventorySource source;
    private readonly RtnlClient? ownedClient;
    private string lastClusterCidrs = "";
    private string? lastVtepCidr;
    private Func<IReadOnlyList<IPNetwork>>? clusterPodCidrs;

    internal EtcdAgent(EtcdAgentOptions options, EtcdConnection etcd, EtcdInventorySource source, RtnlClient? ownedClient)
    {
        Options = options;
        this.etcd = etcd;
        this.source = source;
        this.ownedClient = ownedClient;
    }

    public EtcdAgentOptions Options { get; }

    /// <summary>What the agent loop reads: the registry assembled into a validated inventory.</summary>
    public IInventorySource Source => source;

    public EtcdInventorySource EtcdSource => source;

    /// <summary>This node's registration (null only while StartAsync is failing).</summary>
    public NodeRegistrar? Registrar { get; internal set; }

    /// <summary>Watches the kernel for pod blocks; null when --pod-cidr gave them.</summary>
    public BlockWatcher? Blocks { get; internal set; }

    public UnderlayAddress? Underlay { get; internal set; }

    public string NodeName => Options.NodeName;

    /// <summary>Leaves the mesh now (peers drop the node at once): stops watching blocks, deletes the key, revokes the lease.</summary>
    public async Task DeregisterAsync(CancellationToken cancel)
    {
        if (Blocks is not null)
        {
            await Blocks.DisposeAsync();
            Blocks = null;
        }
        if (Registrar is not null)
        {
            await Registrar.DeregisterAsync(cancel);
        }
    }

    internal void Subscribe(Func<IReadOnlyList<IPNetwork>> podCidrs)
    {
        clusterPodCidrs = podCidrs;
        source.Changed += OnChanged;
        OnChanged();
    }

    /// <summary>
    /// On every registry change: re-put our key if it vanished while we are alive (someone deleted
    /// it, or our lease expired during a partition), re-resolve our VTEP IP if the mesh's vtepCidr
    /// changed, and rescan blocks if the cluster's CIDRs moved. Cheap: decoding is cached per
    /// revision and nothing here validates; only the mesh and cluster records are decoded, never the whole view.
    /// </summary>
    private void OnChanged()
    {
        if (Registrar is { Registered: not null } registrar && !source.ViewContains(registrar.Key))
        {
            registrar.Verify();
        }
        if (Registrar is not null && source.MeshRecord() is { } mesh)
        {
            var vtepCidr = mesh.VtepCidr?.ToString() ?? "onlink";
            if (lastVtepCidr is not null && vtepCidr != lastVtepCidr)
            {
                Registrar.Refresh();
            }
            lastVtepCidr = vtepCidr;
        }
        if (Blocks is not null && clusterPodCidrs is not null)
        {
            var cidrs = string.Join(",", clusterPodCidrs());
            if (cidrs != lastClusterCidrs)
            {
                lastClusterCidrs = cidrs;
                Blocks.Rescan();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        source.Changed -= OnChanged;
        if (Blocks is not null)
        {
            await Blocks.DisposeAsync();
        }
        if (Registrar is not null)
        {
            await Registrar.DisposeAsync();
        }
        await source.DisposeAsync();
        etcd.Dispose();
        ownedClient?.Dispose();
    }
}
