using System.CommandLine;
using VxMesh.Agent.Registry.Etcd;
using VxMesh.Cli.Common;
using VxMesh.Cli.Output;
using VxMesh.Core.Rendering;
using VxMesh.Kubernetes;

namespace VxMesh.Cli.Commands;

/// <summary>`vxmesh status`: who is in the mesh right now, according to etcd.</summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var etcd = RegistryCommand.EtcdOption();
        var prefix = RegistryCommand.PrefixOption();
        var output = CommonOptions.Output();
        var credentials = new EtcdCredentialOptions();
        var kubernetes = new Option<bool>("--kubernetes") { Description = "Show the mesh as a cluster's API shows it (its Nodes and the controller's RemoteClusters) instead of etcd's view" };
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "With --kubernetes: the kubeconfig to use (default: $KUBECONFIG, ~/.kube/config, or in-cluster)" };
        var command = new Command("status",
            "Show the mesh as etcd holds it: the mesh settings, the clusters, and every registered node with its\n" +
            "underlay and VTEP addresses, pod blocks, liveness (its lease and the seconds left on it; static nodes\n" +
            "from `registry load --with-nodes` have none) and whether it is in the mesh (and if not, why); then the\n" +
            "last change (revision, key and time of the newest write). Exit 1 when the registry does not assemble\n" +
            "into a valid inventory.\n\n" +
            "--kubernetes shows the mesh from inside a cluster instead: this cluster's Nodes (registered when the agent\n" +
            "wrote its VTEP into the Node's annotations) and every remote cluster the controller published as a\n" +
            "RemoteCluster, with nodes, blocks and when each last updated its registration. `kubectl vxmesh` is the same.\n\n" +
            "Examples:\n" +
            "  vxmesh status --etcd http://10.0.0.5:2379 -o json\n" +
            "  vxmesh status --etcd https://10.0.0.5:2379 --etcd-ca ca.crt --etcd-cert vxmesh-admin.crt --etcd-key vxmesh-admin.key\n" +
            "  vxmesh status --kubernetes --kubeconfig admin.kubeconfig -o json")
        {
            etcd, prefix, output, kubernetes, kubeconfig,
        };
        credentials.AddTo(command);
        command.SetAction((parse, cancel) => parse.GetValue(kubernetes)
            ? KubernetesStatusAsync(parse.GetValue(kubeconfig), parse.GetValue(output) == "json", cancel)
            : RegistryCommand.WithEtcdAsync(parse.GetValue(etcd)!, credentials.Read(parse), parse.GetValue(prefix)!, async (client, keys) =>
        {
            var status = await RegistryStatusReader.ReadAsync(client, keys, cancel);
            if (parse.GetValue(output) == "json")
            {
                Console.WriteLine(JsonFormat.Serialize(status));
            }
            else
            {
                StatusTable.Write(status, DateTimeOffset.UtcNow);
            }
            return status.Problems.Count == 0 ? ExitCodes.Ok : ExitCodes.Failure;
        }));
        return command;
    }

    private static async Task<int> KubernetesStatusAsync(string? kubeconfig, bool json, CancellationToken cancel)
    {
        var path = kubeconfig ?? Environment.GetEnvironmentVariable("KUBECONFIG") ?? DefaultKubeconfig();
        using var client = KubeClients.Create(path);
        MeshView view;
        try
        {
            view = await MeshView.ReadAsync(client, Names.PodNamespace(), cancel);
        }
        catch (VxMesh.Kubernetes.Config.MeshConfigException e)
        {
            throw new UsageException(e.Message);
        }
        catch (HttpRequestException e)
        {
            await Console.Error.WriteLineAsync($"vxmesh: the Kubernetes API did not answer: {e.Message}");
            return ExitCodes.Failure;
        }
        if (json)
        {
            Console.WriteLine(JsonFormat.Serialize(view));
        }
        else
        {
            MeshViewTable.Write(view);
        }
        return view.Clusters.Where(c => c.Local).SelectMany(c => c.Nodes).All(n => n.Registered) ? ExitCodes.Ok : ExitCodes.Failure;
    }

    private static string? DefaultKubeconfig()
    {
        var home = Environment.GetEnvironmentVariable("HOME");
        var file = home is null ? null : Path.Combine(home, ".kube", "config");
        return file is not null && File.Exists(file) ? file : null;
    }
}
