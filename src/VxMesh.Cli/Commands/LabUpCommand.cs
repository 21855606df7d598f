using System.CommandLine;
using VxMesh.Cli.Common;
using VxMesh.Lab.Registry;
using VxMesh.Lab.Runtime;

namespace VxMesh.Cli.Commands;

/// <summary>`vxmesh lab up`: build a lab and return when it is ready.</summary>
public static class LabUpCommand
{
    public static Command Create()
    {
        var file = new Option<FileInfo?>("--file", "-f") { Description = "Topology: an inventory with a lab: section (see examples/lab-*.yaml)" };
        var preset = new Option<string?>("--preset") { Description = "A built-in topology instead of a file: seed (the article's 3 clusters x 2 nodes)" };
        var name = LabInput.NameOption("Lab name, 1-8 of [a-z0-9] (default: the preset's name, or the file's: lab-seed.yaml -> seed)");
        var registry = new Option<string>("--registry")
        {
            Description = "Where agents get the mesh: file (the lab's inventory) or etcd (an etcd inside the lab; agents register themselves)",
            DefaultValueFactory = _ => "file",
        };
        registry.AcceptOnlyFromAmong("file", "etcd");
        var leaseTtl = NumberOption.OptionalWhole("--lease-ttl",
            $"etcd labs: the agents' lease TTL in seconds ({EtcdLabOptions.MinLeaseTtlSeconds}..{EtcdLabOptions.MaxLeaseTtlSeconds}), how long a crashed node stays in its peers' kernels (default {EtcdLabOptions.DefaultLeaseTtlSeconds})",
            EtcdLabOptions.MinLeaseTtlSeconds, EtcdLabOptions.MaxLeaseTtlSeconds);
        var kubernetes = new Option<bool>("--kubernetes")
        {
            Description = "Run real Kubernetes: a control plane per cluster, kube-proxy and the lab's node agent on every node (docs/lab.md)",
        };
        var install = new Option<bool>("--install")
        {
            Description = "With --kubernetes: install VxMesh into every cluster from deploy/ with kubectl (DaemonSet, controller) instead of the lab's own agents; implies --registry etcd",
        };
        var command = new Command("up",
            "Create the lab's namespaces, underlay, nodes and pods, start one agent per node and nginx in every\n" +
            "pod, and return when every node's kernel holds every planned route and every nginx answers.\n" +
            "On failure or Ctrl-C everything built so far is removed. An invalid topology builds nothing (exit 2).\n\n" +
            "--registry etcd runs an etcd inside the lab (namespace vxlab-LAB-etcd, on a free /30 of 198.18.0.0/15\n" +
            "routed by the fabric), loads the mesh and clusters with `vxmesh registry load` and starts every agent\n" +
            "with only --etcd, --cluster and --node: each discovers its address and pod blocks and registers itself.\n" +
            "Only etcd labs take the churn and fault verbs (lab node, lab etcd).\n\n" +
            "--kubernetes (or `kubernetes: true` in the topology's lab: section) adds Kubernetes 1.20: per cluster a real\n" +
            "kube-apiserver, kube-controller-manager and kube-scheduler (one etcd, namespace vxlab-LAB-k8s), and on every\n" +
            "node a real kube-proxy and the lab's node agent in place of the kubelet, which registers the Node and runs\n" +
            "the pods bound to it as namespaces and processes. The first run on a machine builds Kubernetes from the\n" +
            "distribution's source package (10-20 minutes, once). Then: vxmesh lab kubectl LAB CLUSTER -- get nodes\n\n" +
            "Examples:\n" +
            "  vxmesh lab up --preset seed\n" +
            "  vxmesh lab up --preset seed --registry etcd --lease-ttl 10\n" +
            "  vxmesh lab up --preset seed --kubernetes\n" +
            "  vxmesh lab up --preset seed --kubernetes --install   (VxMesh applied from deploy/ with kubectl)\n" +
            "  vxmesh lab up -f examples/lab-mixed.yaml --name mixed")
        {
            file, preset, name, registry, leaseTtl, kubernetes, install,
        };
        command.SetAction((parse, cancel) => LabInput.RunAsync(async () =>
        {
            var installing = parse.GetValue(install);
            if (installing && parse.GetResult(registry) is { Implicit: false } && parse.GetValue(registry) != "etcd")
            {
                throw new UsageException("--install registers the nodes through the lab's etcd: leave out --registry file");
            }
            var etcd = parse.GetValue(registry) == "etcd" || installing;
            if (!etcd && parse.GetValue(leaseTtl) is not null)
            {
                throw new UsageException("--lease-ttl is for etcd labs: add --registry etcd");
            }
            var topology = LabInput.LoadTopology(parse.GetValue(file), parse.GetValue(preset), parse.GetValue(name));
            if (topology is null)
            {
                return ExitCodes.InvalidInput;
            }
            RootCheck.Require("lab up");
            var up = new LabUp(AgentProgram.ForCli(AppContext.BaseDirectory), new StderrLabLog())
            {
                Etcd = etcd ? new EtcdLabOptions(parse.GetValue(leaseTtl) ?? EtcdLabOptions.DefaultLeaseTtlSeconds) : null,
                Kubernetes = parse.GetValue(kubernetes) || installing,
                Install = installing,
            };
            var state = await up.RunAsync(topology, cancel);
            Console.WriteLine($"lab {state.Lab} is up: {state.Nodes.Count} nodes, {state.Pods.Count} pods. Next:");
            Console.WriteLine($"  vxmesh lab status --name {state.Lab}");
            Console.WriteLine($"  vxmesh verify --lab {state.Lab}");
            Console.WriteLine($"  vxmesh lab exec {state.Lab} {state.Pods[0].Name} -- curl -s {state.Pods[^1].Ip}");
            if (state.Registry is { } r)
            {
                // etcd is reachable from inside the lab only, so the registry's own view is read from etcd's namespace.
                var cli = AgentProgram.ForCli(AppContext.BaseDirectory);
                var admin = r.Pki(VxMesh.Lab.Runtime.LabPaths.For(state.Lab)) is { } pki ? " " + string.Join(' ', pki.ClientFlags(VxMesh.Core.Security.RegistryUserNames.Admin)) : "";
                Console.WriteLine($"  vxmesh lab exec {state.Lab} etcd -- {cli.Host} {cli.Dll} status --etcd {r.ClientUrl}{admin}");
                Console.WriteLine($"  vxmesh lab node add {state.Lab} NAME --cluster {state.Nodes[0].Cluster} --ip IP --pod-cidr CIDR");
            }
            if (state.Kubernetes is { } k8s)
            {
                Console.WriteLine($"  vxmesh lab kubectl {state.Lab} {k8s.Clusters[0].Name} -- get nodes -o wide");
                Console.WriteLine($"  vxmesh lab kubectl {state.Lab} {k8s.Clusters[0].Name} -- create deployment web --image=nginx --replicas=2");
            }
            Console.WriteLine($"  vxmesh lab down --name {state.Lab}");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
