using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace VxMesh.Lab.Kubelet;

/// <summary>
/// The Node object and its heartbeats, as a kubelet keeps them: the Node is created with its
/// InternalIP (the node's underlay address), its block as spec.podCIDR (one per family: the first
/// block; the controller-manager then marks it taken), capacity for the scheduler and a Ready
/// condition; a Lease in kube-node-lease is renewed every 10 s (what the node lifecycle controller
/// watches) and the status is refreshed every minute. The Node's identity is the node agent's
/// credential (system:node:NAME), so the Node authorizer and NodeRestriction apply.
/// </summary>
public sealed class NodeRegistration(IKubernetes client, KubeletConfig config, TimeProvider time, ILogger log)
{
    public static readonly TimeSpan LeaseEvery = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan StatusEvery = TimeSpan.FromMinutes(1);
    private const int LeaseSeconds = 40;
    private const string LeaseNamespace = "kube-node-lease";

    public const string KubeletVersion = "v1.20.2";

    /// <summary>The kubelet's port, as the Node advertises it. Nothing serves it here: kubectl logs, exec and port-forward are not supported (docs/lab.md).</summary>
    public const int KubeletPort = 10250;

    /// <summary>Creates the Node (or finds it), then writes its status: until it works, with back-off.</summary>
    public async Task RegisterAsync(CancellationToken cancel)
    {
        var backoff = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                var node = await CreateOrGetAsync(cancel);
                var block = config.Blocks[0].ToString();
                if (node.Spec?.PodCIDR is { } existing && existing != block)
                {
                    log.PodCidrMismatch(config.Node, existing, block);
                }
                await PatchStatusAsync(cancel);
                log.Registered(config.Node, config.NodeIp, block);
                return;
            }
            catch (Exception e) when (!cancel.IsCancellationRequested && e is HttpRequestException or k8s.Autorest.HttpOperationException or TaskCanceledException)
            {
                log.Retrying($"registering node {config.Node}", e.Message, backoff.TotalMilliseconds);
                await Task.Delay(backoff, time, cancel);
                // Capped low: the agent starts beside its API server and should register as soon as it answers.
                backoff = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(1).Ticks, backoff.Ticks * 2));
            }
        }
    }

    /// <summary>Lease every 10 s, status every minute, until stopped; an API outage is logged and waited out.</summary>
    public async Task HeartbeatAsync(CancellationToken cancel)
    {
        var lastStatus = time.GetUtcNow();
        while (!cancel.IsCancellationRequested)
        {
            try
            {
                await RenewLeaseAsync(cancel);
                if (time.GetUtcNow() - lastStatus >= StatusEvery)
                {
                    await PatchStatusAsync(cancel);
                    lastStatus = time.GetUtcNow();
                }
            }
            catch (Exception e) when (!cancel.IsCancellationRequested && e is HttpRequestException or k8s.Autorest.HttpOperationException or TaskCanceledException)
            {
                log.HeartbeatFailed(config.Node, e.Message);
            }
            await Task.Delay(LeaseEvery, time, cancel);
        }
    }

    private async Task<V1Node> CreateOrGetAsync(CancellationToken cancel)
    {
        var block = config.Blocks[0].ToString();
        var labels = new Dictionary<string, string>
        {
            ["kubernetes.io/hostname"] = config.Node,
            ["kubernetes.io/os"] = "linux",
            ["kubernetes.io/arch"] = "amd64",
            ["beta.kubernetes.io/os"] = "linux",
            ["beta.kubernetes.io/arch"] = "amd64",
        };
        var node = new V1Node
        {
            Metadata = new V1ObjectMeta
            {
                Name = config.Node,
                Labels = labels,
                Annotations = new Dictionary<string, string> { ["node.alpha.kubernetes.io/ttl"] = "0" },
            },
            Spec = new V1NodeSpec { PodCIDR = block, PodCIDRs = [block] },
        };
        try
        {
            return await client.CoreV1.CreateNodeAsync(node, cancellationToken: cancel);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            return await client.CoreV1.ReadNodeAsync(config.Node, cancellationToken: cancel);
        }
    }

    private async Task PatchStatusAsync(CancellationToken cancel)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var capacity = new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = new("2"),
            ["memory"] = new("4Gi"),
            ["pods"] = new("110"),
            ["ephemeral-storage"] = new("10Gi"),
        };
        V1NodeCondition Condition(string type, string status, string reason, string message) =>
            new() { Status = status, Type = type, LastHeartbeatTime = now, LastTransitionTime = now, Message = message, Reason = reason };
        var status = new V1NodeStatus
        {
            Capacity = capacity,
            Allocatable = capacity,
            Addresses = [new V1NodeAddress { Address = config.NodeIp.ToString(), Type = "InternalIP" }, new V1NodeAddress { Address = config.Node, Type = "Hostname" }],
            DaemonEndpoints = new V1NodeDaemonEndpoints { KubeletEndpoint = new V1DaemonEndpoint { Port = KubeletPort } },
            Conditions =
            [
                Condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                Condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                Condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                Condition("Ready", "True", "KubeletReady", "the vxmesh lab node agent is posting ready status"),
            ],
            NodeInfo = new V1NodeSystemInfo
            {
                Architecture = "amd64",
                OperatingSystem = "linux",
                OsImage = "VxMesh lab node (a network namespace)",
                KernelVersion = Environment.OSVersion.Version.ToString(),
                KubeletVersion = KubeletVersion,
                KubeProxyVersion = KubeletVersion,
                ContainerRuntimeVersion = "vxmesh-lab://1",
                MachineID = config.Node,
                SystemUUID = config.Node,
                BootID = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        };
        await client.CoreV1.PatchNodeStatusAsync(new V1Patch(new V1Node { Status = status }, V1Patch.PatchType.StrategicMergePatch),
            config.Node, cancellationToken: cancel);
    }

    private async Task RenewLeaseAsync(CancellationToken cancel)
    {
        var now = time.GetUtcNow().UtcDateTime;
        try
        {
            await client.CoordinationV1.PatchNamespacedLeaseAsync(
                new V1Patch(new V1Lease { Spec = new V1LeaseSpec { RenewTime = now, HolderIdentity = config.Node } }, V1Patch.PatchType.MergePatch),
                config.Node, LeaseNamespace, cancellationToken: cancel);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            var node = await client.CoreV1.ReadNodeAsync(config.Node, cancellationToken: cancel);
            await client.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease
            {
                Metadata = new V1ObjectMeta
                {
                    Name = config.Node,
                    NamespaceProperty = LeaseNamespace,
                    // The Lease goes with its Node.
                    OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "Node", Name = config.Node, Uid = node.Metadata.Uid }],
                },
                Spec = new V1LeaseSpec { HolderIdentity = config.Node, LeaseDurationSeconds = LeaseSeconds, RenewTime = now },
            }, LeaseNamespace, cancellationToken: cancel);
        }
    }
}
