using System.CommandLine;

namespace VxMesh.Cli.Commands;

/// <summary>`vxmesh lab`: multi-cluster networks emulated in network namespaces, with the real agent on every node.</summary>
public static class LabCommand
{
    public static Command Create() =>
        new("lab",
            "Build the articles' multi-cluster network on this machine: every cluster node and pod is a network\n" +
            "namespace, segments of the underlay are bridges in a fabric namespace that routes between them, and\n" +
            "every node runs the real `vxmesh agent`. Pods run nginx answering with the client address it saw.\n" +
            "Nothing is configured in the root namespace; addresses come only from 198.18.0.0/15 and the TEST-NETs.\n" +
            "With --registry etcd the lab runs its own etcd and agents register themselves; then nodes can join,\n" +
            "leave and crash (lab node), and agents and etcd can be killed and restarted (lab agent, lab etcd).\n" +
            "With --kubernetes every cluster gets a real Kubernetes control plane and every node kube-proxy (lab kubectl).\n" +
            "See docs/lab.md.")
        {
            LabUpCommand.Create(),
            LabStatusCommand.Create(),
            LabExecCommand.Create(),
            LabDownCommand.Create(),
            LabNodeCommand.Create(),
            LabAgentCommand.Create(),
            LabPathCommand.Create(),
            LabEtcdCommand.Create(),
            LabKubectlCommand.Create(),
            LabKubeletCommand.Create(),
        };
}
