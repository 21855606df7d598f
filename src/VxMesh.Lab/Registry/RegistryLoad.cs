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
        await RunAsync("loading the mesh into the lab's etcd", Netns.Exec(ns, cli.Command(["registry", "load", "-f", inventory, "--etcd", clientUrl, .. root])), cancel);
        if (pki is not null)
        {
            await RunAsync("turning on the lab etcd's authentication", Netns.Exec(ns, cli.Command(["registry", "auth", "--etcd", clientUrl, .. root,
                "--ca-cert", pki.CaCert, "--ca-key", pki.CaKey, "--out", pki.Directory])), cancel);
        }
    }

    /// <summary>
    /// Both verbs are safe to repeat, and on a machine busy starting a Kubernetes lab's API servers a
    /// first request can miss the CLI's 5 s deadline: a runtime failure (exit 1) is tried twice more.
    /// </summary>
    private static async Task RunAsync(string what, IReadOnlyList<string> args, CancellationToken cancel)
    {
        for (var attempt = 1; ; attempt++)
        {
            var result = await ProcessRunner.RunAsync("ip", args, Within, cancel);
            if (result.Ok)
            {
                return;
            }
            if (attempt == 3 || result.ExitCode != 1)
            {
                throw new LabException($"{what} failed: '{ProcessRunner.Describe("ip", args)}' exited {result.ExitCode}: {(result.Stderr.Trim() + " " + result.Stdout.Trim()).Trim()}");
            }
            await Task.Delay(TimeSpan.FromSeconds(1), cancel);
        }
    }
}
