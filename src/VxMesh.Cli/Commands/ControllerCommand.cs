using System.CommandLine;
using Microsoft.Extensions.Logging;
using VxMesh.Agent.Registry.Etcd;
using VxMesh.Agent.Runtime;
using VxMesh.Cli.Common;
using VxMesh.Kubernetes;
using VxMesh.Kubernetes.Config;
using VxMesh.Kubernetes.Controller;

namespace VxMesh.Cli.Commands;

/// <summary>`vxmesh controller`: VxMesh's per-cluster controller (a Deployment of deploy/).</summary>
public static partial class ControllerCommand
{
    public static Command Create()
    {
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Outside a cluster: the kubeconfig to use (default: in-cluster)" };
        var etcd = new Option<string?>("--etcd") { Description = "The registry's etcd URL(s) (default: the install's ConfigMap, key etcd)" };
        var prefix = RegistryCommand.PrefixOption();
        var credentials = new EtcdCredentialOptions();
        var metricsAddress = new Option<string?>("--metrics-address")
        {
            Description = "Serve /healthz and /readyz (the Deployment's probes) and /metrics (Prometheus, vxmesh_controller_*) on IP:PORT, e.g. 0.0.0.0:9891",
        };
        var command = new Command("controller",
            "Keep this cluster's API in step with the mesh: the other clusters' Calico IPPools (natOutgoing false,\n" +
            "disabled true, named pod-CLUSTER / svc-CLUSTER, labelled app.kubernetes.io/managed-by=vxmesh; pools without that\n" +
            "label are never touched) or, in flannel clusters, ip-masq-agent's exemption list; one RemoteCluster object per\n" +
            "other cluster (nodes, blocks, last seen); Events for problems (overlapping CIDRs, a node that cannot register).\n" +
            "One replica leads (Lease vxmesh-system/vxmesh-controller); it reads the registry and writes only the API.\n" +
            "The cluster's identity comes from the install's ConfigMap (vxmesh-system/vxmesh-config). See docs/kubernetes.md.\n\n" +
            "/healthz is 200 while it runs (a leader: while its pass loop turns); /readyz is 200 on a standby once another\n" +
            "replica is known to lead, and on the leader once its first pass ran and the registry was reachable (docs/metrics.md).\n\n" +
            "Example (outside a cluster): vxmesh controller --kubeconfig admin.kubeconfig --metrics-address 127.0.0.1:9891")
        {
            kubeconfig, etcd, prefix, metricsAddress,
        };
        credentials.AddTo(command);
        command.SetAction(async (parse, cancel) =>
        {
            using var loggers = Logging.Create();
            var logger = loggers.CreateLogger("vxmesh.controller");
            var listen = ListenAddress.Parse("--metrics-address", parse.GetValue(metricsAddress), 9891);
            using var client = KubeClients.Create(parse.GetValue(kubeconfig));
            var ns = Names.PodNamespace();
            MeshConfig config;
            try
            {
                config = await MeshConfig.ReadAsync(client, ns, TimeProvider.System, cancel);
            }
            catch (MeshConfigException e)
            {
                throw new UsageException(e.Message);
            }
            using var connection = EtcdConnection.Create(parse.GetValue(etcd) ?? config.EtcdEndpoints, credentials.Read(parse));
            var identity = Environment.GetEnvironmentVariable("POD_NAME") is { Length: > 0 } pod ? pod : Environment.MachineName;
            using var host = new ControllerHost(client, config, connection, new RegistryKeys(parse.GetValue(prefix)), ns, identity, logger);
            await using var endpoints = listen is null ? null : new EndpointListener(listen, new ControllerEndpoints(host.Health, host.Metrics).Answer);
            if (endpoints is not null)
            {
                endpoints.Start();
                LogListening(logger, endpoints.Address);
            }
            await host.RunAsync(cancel);
            return ExitCodes.Ok;
        });
        return command;
    }

    [LoggerMessage(EventId = 825, Level = LogLevel.Information, Message = "controller endpoints on http://{Address}/healthz, /readyz and /metrics")]
    private static partial void LogListening(ILogger logger, System.Net.IPEndPoint address);
}
