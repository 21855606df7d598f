using k8s;
using Microsoft.Extensions.Logging;
using VxMesh.Core.Model;
using VxMesh.Lab.Layout;
using VxMesh.Lab.Runtime;

namespace VxMesh.Lab.Kubelet;

/// <summary>
/// The Kubernetes lab's node agent, one per node, running in the node's network namespace with
/// the node's own credential: it registers the Node and keeps its Lease, plays calico-node's part
/// on calico-style nodes, and runs the pods the scheduler binds to the node. It is not a kubelet:
/// no container runtime, no images, no cgroups, no kubelet API (kubectl logs/exec); what it does
/// not support, a pod is told. On SIGTERM it stops its containers; pods come back when it starts
/// again (a crash leaves them running, as a crashed kubelet does).
/// </summary>
public sealed class KubeletHost(KubeletConfig config, ILoggerFactory loggers, TimeProvider time)
{
    public async Task<int> RunAsync(CancellationToken cancel)
    {
        var log = loggers.CreateLogger("node-agent");
        var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(config.Kubeconfig));
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(2) });
        await CleanUpLeftoversAsync(log, cancel);
        var registration = new NodeRegistration(client, config, time, log);
        await registration.RegisterAsync(cancel);
        var loops = new List<Task> { registration.HeartbeatAsync(cancel) };
        if (config.Cni != Core.Model.CniKind.Flannel)
        {
            var calico = new CalicoNode(client, config, time, log);
            await calico.WriteAffinitiesAsync(cancel);
            if (config.CalicoPools)
            {
                loops.Add(calico.FollowPoolsAsync(cancel));
            }
        }
        var nginx = await NginxFeatures.DetectAsync(cancel);
        var node = new NodeLayout(config.Node, config.Cluster, config.Cni, config.NodeNamespace, config.NodeIp, null!, "", config.Blocks.ToValueList(),
            config.PodMtu, "");
        var context = new NodeContext(client, config, node, new PodAddresses(config.Blocks, config.ReservedAddresses), nginx, http,
            new PodEvents(client, config.Node, time, log), time, log);
        loops.Add(new PodSupervisor(context).RunAsync(cancel));
        try
        {
            await Task.WhenAll(loops);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
        log.Stopped(config.Node);
        return 0;
    }

    /// <summary>A previous node agent that crashed left pods behind: their namespaces and processes go; the API's pods start afresh.</summary>
    private async Task CleanUpLeftoversAsync(ILogger log, CancellationToken cancel)
    {
        var directory = Path.Combine(config.NodeDirectory, PodRecord.Directory);
        if (!Directory.Exists(directory))
        {
            return;
        }
        foreach (var file in Directory.GetFiles(directory, "*.json"))
        {
            if (PodRecord.Read(file) is { } record)
            {
                await ProcessStopper.KillAsync(record.Containers.Values.Where(p => DetachedProcess.IsOurs(p, config.LabDirectory)).ToList(), cancel);
                if (record.Netns is { } ns)
                {
                    await PodSandbox.RemoveAsync(ns, cancel);
                }
                log.LeftoverCleaned(record.Namespace, record.Name);
            }
            File.Delete(file);
        }
    }
}
