using System.CommandLine;
using VxMesh.Cli.Common;
using VxMesh.Lab.Kubelet;

namespace VxMesh.Cli.Commands;

/// <summary>`vxmesh lab kubelet --config FILE`: the Kubernetes lab's node agent. Started by `lab up`, not by hand.</summary>
public static class LabKubeletCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo>("--config") { Description = "The node agent's configuration (written by lab up)", Required = true };
        var command = new Command("kubelet",
            "The lab's node agent, in place of the kubelet (there is no container runtime here): registers the Node,\n" +
            "and runs the pods bound to it as namespaces and processes. `lab up --kubernetes` starts one per node.")
        {
            config,
        };
        command.Hidden = true;
        command.SetAction(async (parse, cancel) =>
        {
            using var loggers = Logging.Create();
            var host = new KubeletHost(KubeletConfig.Load(parse.GetValue(config)!.FullName), loggers, TimeProvider.System);
            return await host.RunAsync(cancel);
        });
        return command;
    }
}
