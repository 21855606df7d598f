using VxMesh.Lab.Runtime;

namespace VxMesh.Lab.Registry;

/// <summary>
/// Puts the lab's mesh settings and clusters into its etcd with the real
/// `vxmesh registry load -f inventory.yaml --etcd URL` (no --with-nodes: every node registers
/// itself). It runs inside the etcd namespace, the only place from which the lab's etcd is
/// reachable besides the nodes.
/// </summary>
public static class RegistryLoad
{
    public static async Task RunAsync(AgentProgram cli, string ns, string inventory, string clientUrl, CancellationToken cancel)
    {
        var command = cli.Command(["registry", "load", "-f", inventory, "--etcd", clientUrl]);
        await ProcessRunner.RunCheckedAsync("loading the mesh into the lab's etcd", "ip",
            Netns.Exec(ns, command), TimeSpan.FromSeconds(30), cancel);
    }
}
