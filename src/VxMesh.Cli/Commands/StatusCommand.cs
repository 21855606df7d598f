using System.CommandLine;
using VxMesh.Agent.Registry.Etcd;
using VxMesh.Cli.Common;
using VxMesh.Cli.Output;
using VxMesh.Core.Rendering;

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
        var command = new Command("status",
            "Show the mesh as etcd holds it: the mesh settings, the clusters, and every registered node with its\n" +
            "underlay and VTEP addresses, pod blocks, liveness (its lease and the seconds left on it; static nodes\n" +
            "from `registry load --with-nodes` have none) and whether it is in the mesh (and if not, why); then the\n" +
            "last change (revision, key and time of the newest write). Exit 1 when the registry does not assemble\n" +
            "into a valid inventory.\n\n" +
            "Examples:\n" +
            "  vxmesh status --etcd http://10.0.0.5:2379 -o json\n" +
            "  vxmesh status --etcd https://10.0.0.5:2379 --etcd-ca ca.crt --etcd-cert vxmesh-admin.crt --etcd-key vxmesh-admin.key")
        {
            etcd, prefix, output,
        };
        credentials.AddTo(command);
        command.SetAction((parse, cancel) => RegistryCommand.WithEtcdAsync(parse.GetValue(etcd)!, credentials.Read(parse), parse.GetValue(prefix)!, async (client, keys) =>
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
}
