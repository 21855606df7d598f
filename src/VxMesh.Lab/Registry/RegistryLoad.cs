using VxMesh.Core.Security;
using VxMesh.Lab.Runtime;

namespace VxMesh.Lab.Registry;

/// <summary>
/// Puts the lab's mesh into its etcd and locks it down, with the real CLI verbs an operator runs:
/// `vxmesh registry load -f inventory.yaml` (no --with-nodes: every node registers itself), then
/// `vxmesh registry auth` with the lab CA, which makes the per-cluster users and the admin, issues
/// their certificates into the lab's pki directory and turns etcd's authentication on. Both run
/// inside the etcd namespace, as root (the certificate the lab made for it), before any agent starts.
/// </summary>
public static class RegistryLoad
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    public static async Task RunAsync(AgentProgram cli, string ns, string inventory, string clientUrl, LabPki? pki, CancellationToken cancel)
    {
        IReadOnlyList<string> root = pki is null ? [] : pki.ClientFlags(RegistryUserNames.Root);
        await ProcessRunner.RunCheckedAsync("loading the mesh into the lab's etcd", "ip",
            Netns.Exec(ns, cli.Command(["registry", "load", "-f", inventory, "--etcd", clientUrl, .. root])), Within, cancel);
        if (pki is not null)
        {
            await ProcessRunner.RunCheckedAsync("turning on the lab etcd's authentication", "ip",
                Netns.Exec(ns, cli.Command(["registry", "auth", "--etcd", clientUrl, .. root,
                    "--ca-cert", pki.CaCert, "--ca-key", pki.CaKey, "--out", pki.Directory])), Within, cancel);
        }
    }
}
