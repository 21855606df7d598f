using System.CommandLine;
using VxMesh.Agent.Runtime;
using VxMesh.Cli.Common;
using VxMesh.Core.Model;

namespace VxMesh.Cli.Commands;

/// <summary>`vxmesh agent`: keep this node's kernel matching the plan, from a file or from etcd.</summary>
public static class AgentCommand
{
    public static Command Create()
    {
        var o = new AgentOptionSet();
        var command = new Command("agent",
            "Reconcile this node's kernel state with the mesh: create the VXLAN device, an ARP and an FDB entry\n" +
            "per peer and a route per remote pod block; remove what is no longer planned. Adopts what exists\n" +
            "(never flushes) and touches only what VxMesh owns: its device and what lives on it, and\n" +
            $"routes/nexthops with protocol {Ownership.RouteProtocol}. An invalid inventory applies nothing (exit 2).\n\n" +
            "The mesh comes from an inventory file (-f) or from etcd (--etcd, see `vxmesh registry load`), where\n" +
            "the agent registers its own node (underlay address and pod blocks discovered unless given) under a\n" +
            "liveness lease. Without --once it keeps running: it reconciles when the mesh changes, repairs owned\n" +
            "state that anyone else changes (netlink notifications), resyncs every --resync seconds and retries\n" +
            "failures with backoff. Ctrl-C/SIGTERM stops it and leaves the kernel state in place; in etcd mode it\n" +
            "also deregisters (peers drop the node at once) unless --keep-registration.\n\n" +
            "Examples:\n" +
            "  vxmesh agent -f mesh.yaml --node multicluster-test-001 --once\n" +
            "  vxmesh agent -f mesh.yaml --node multicluster-test-001 --uninstall\n" +
            "  vxmesh agent --etcd http://198.18.0.10:2379 --cluster test-cluster1 --node multicluster-test-001\n" +
            "  vxmesh agent --kubernetes --health-address 0.0.0.0:9890      (in the DaemonSet of deploy/; docs/kubernetes.md)");
        o.AddTo(command);
        command.SetAction(async (parse, cancel) =>
        {
            var file = parse.GetValue(o.File);
            var etcd = parse.GetValue(o.Etcd);
            var kubernetes = parse.GetValue(o.Kubernetes);
            if (kubernetes && file is not null)
            {
                throw new UsageException("--kubernetes takes the mesh from etcd (the install's ConfigMap names it): leave out -f");
            }
            if (!kubernetes && (file is null) == (etcd is null))
            {
                throw new UsageException("say where the mesh comes from: either -f FILE or --etcd URL (not both), or --kubernetes");
            }
            o.RefuseConflicts(parse);
            RootCheck.Require("agent");
            var options = AgentOptions.Default with { Resync = TimeSpan.FromSeconds(parse.GetValue(o.Resync)) };
            return kubernetes ? await AgentKubernetesMode.RunAsync(parse, o, options, cancel)
                : file is not null ? await AgentFileMode.RunAsync(parse, o, file, options, cancel)
                : await AgentEtcdMode.RunAsync(parse, o, etcd!, options, cancel);
        });
        return command;
    }

    /// <summary>
    /// This namespace's agent lock, or null (the reason printed) when another agent holds it. Taken
    /// after the input is validated, so bad input still exits 2 whoever runs.
    /// </summary>
    public static AgentInstanceLock? HoldNamespace()
    {
        try
        {
            // Its command line, passwords in URLs redacted: a second agent prints it.
            return AgentInstanceLock.Acquire($"vxmesh {VxMesh.Agent.Registry.Etcd.EtcdUrls.Redact(string.Join(' ', Environment.GetCommandLineArgs().Skip(1)))}");
        }
        catch (AgentAlreadyRunningException e)
        {
            Console.Error.WriteLine($"vxmesh: {e.Message}");
            return null;
        }
    }
}
