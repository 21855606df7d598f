using System.CommandLine;
using VxMesh.Agent.Probing;
using VxMesh.Agent.Registry.Etcd;
using VxMesh.Agent.Runtime;
using VxMesh.Cli.Common;

namespace VxMesh.Cli.Commands;

/// <summary>The agent's options, defined once and shared by its file and etcd modes.</summary>
public sealed class AgentOptionSet
{
    public Option<FileInfo?> File { get; } = new("--file", "-f") { Description = "Inventory YAML (file mode)" };

    public Option<string?> Node { get; } = new("--node", "-n") { Description = "This node's name (Kubernetes mode: default $NODE_NAME, as the DaemonSet sets it)" };

    public Option<bool> Kubernetes { get; } = new("--kubernetes")
    {
        Description = "Kubernetes mode: learn this node (address, pod blocks) and the cluster (the install's ConfigMap) from the API; the mesh comes from etcd",
    };

    public Option<string?> Kubeconfig { get; } = new("--kubeconfig") { Description = "Kubernetes mode outside a cluster: the kubeconfig to use (default: in-cluster)" };

    public Option<string?> HealthAddress { get; } = new("--health-address", "--metrics-address")
    {
        Description = "Serve /healthz and /readyz (a DaemonSet's probes), /metrics (Prometheus) and /peers (probe view) on IP:PORT, e.g. 0.0.0.0:9890 (one listener; either name)",
    };

    public Option<double> ProbeInterval { get; } = NumberOption.Seconds("--probe-interval",
        "Seconds between overlay probes of every peer's VTEP (ICMP through the VXLAN device; 0 turns probing off; 0..60)", 0, 60, 1);

    public Option<int> ProbeDownAfter { get; } = NumberOption.Whole("--probe-down-after",
        "Probes in a row unanswered before a peer's path is down (1..100)", 1, 100, ProbeThresholds.Default.DownAfter);

    public Option<int> ProbeUpAfter { get; } = NumberOption.Whole("--probe-up-after",
        "Probes in a row answered before a down peer's path is up again (1..100)", 1, 100, ProbeThresholds.Default.UpAfter);

    public Option<bool> Once { get; } = new("--once") { Description = "Reconcile once and exit (0 when the kernel matches the plan)" };

    public Option<bool> Uninstall { get; } = new("--uninstall") { Description = "Remove everything VxMesh owns on this node (etcd mode: and deregister) and exit" };

    public Option<double> Resync { get; } = NumberOption.Seconds("--resync",
        "Seconds between full resyncs when nothing announced a change (0.1..86400)", 0.1, 86_400, AgentOptions.Default.Resync.TotalSeconds);

    public Option<string?> Etcd { get; } = new("--etcd") { Description = "etcd client URL(s), comma-separated (etcd mode)" };

    public Option<string> Prefix { get; } = RegistryCommand.PrefixOption();

    public Option<string?> Cluster { get; } = new("--cluster", "-c") { Description = "This node's cluster (etcd mode)" };

    public Option<string?> UnderlayDev { get; } = new("--underlay-dev") { Description = "Underlay device (etcd mode; default: the one holding the default route)" };

    public Option<string?> Ip { get; } = new("--ip") { Description = "Underlay address (etcd mode; default: discovered on the underlay device)" };

    public Option<string?> VtepIp { get; } = new("--vtep-ip") { Description = "VTEP address (etcd mode, vtepCidr meshes; default: allocated by compare-and-swap)" };

    public Option<string?> VtepMac { get; } = new("--vtep-mac") { Description = "VTEP MAC (etcd mode; default: derived from cluster and node name, stable across restarts)" };

    public Option<string[]> PodCidrs { get; } = new("--pod-cidr")
    {
        Description = "A pod block this node owns (repeatable; etcd mode; default: discovered from blackhole routes, cni0 or /run/flannel/subnet.env)",
        AllowMultipleArgumentsPerToken = false,
    };

    // etcd grants leases of at least 2 s.
    public Option<double> LeaseTtl { get; } = NumberOption.Seconds("--lease-ttl",
        "Seconds a crashed node stays in peers' meshes (etcd mode; 2..3600). Shorter drops dead nodes sooner; an agent restart longer than this briefly removes a live node",
        2, 3600, 15);

    public Option<double> ClaimGrace { get; } = NumberOption.Seconds("--claim-grace",
        "Seconds a node that left keeps its blocks and addresses reserved (etcd mode; 10..86400): a restart or reboot gets them back, a newcomer copying them is left out",
        10, 86_400, NodeRegistrarOptions.DefaultClaimGrace.TotalSeconds);

    public Option<int> MaxNodeBlocks { get; } = NumberOption.Whole("--max-node-blocks",
        $"Pod blocks one registration may claim (etcd mode; 1..65536); a node claiming more is left out of the mesh. Give every agent the same value",
        1, 65_536, RegistryLimits.DefaultMaxNodeBlocks);

    public EtcdCredentialOptions EtcdCredentials { get; } = new();

    public Option<bool> KeepRegistration { get; } = new("--keep-registration") { Description = "On stop, leave the registration to expire after the TTL (restarts, upgrades; implied by --once)" };

    /// <summary>--node, or in Kubernetes mode $NODE_NAME; a usage error when neither says.</summary>
    public string RequireNode(ParseResult parse, bool kubernetes) =>
        (parse.GetValue(Node) ?? (kubernetes ? Environment.GetEnvironmentVariable("NODE_NAME") : null)) is { Length: > 0 } name
            ? name
            : throw new UsageException(kubernetes
                ? "--kubernetes needs this node's name: --node NAME, or NODE_NAME from the downward API (spec.nodeName)"
                : "--node NAME is required: this node's name");

    /// <summary>The --health-address endpoint, or null; a usage error for anything but IP:PORT.</summary>
    public System.Net.IPEndPoint? HealthEndpoint(ParseResult parse) =>
        ListenAddress.Parse("--health-address", parse.GetValue(HealthAddress), 9890);

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { File, Node, Once, Uninstall, Resync, Etcd, Prefix, Cluster, UnderlayDev, Ip, VtepIp, VtepMac, PodCidrs, LeaseTtl, ClaimGrace, MaxNodeBlocks,
                     KeepRegistration, Kubernetes, Kubeconfig, HealthAddress, ProbeInterval, ProbeDownAfter, ProbeUpAfter })
        {
            command.Options.Add(option);
        }
        EtcdCredentials.AddTo(command);
    }

    /// <summary>Flags that contradict each other or the mode: a usage error before anything runs.</summary>
    public void RefuseConflicts(ParseResult parse)
    {
        if (parse.GetValue(Once) && parse.GetValue(Uninstall))
        {
            throw new UsageException("--once and --uninstall contradict each other: --once reconciles, --uninstall removes; give one");
        }
        if (parse.GetValue(File) is null)
        {
            return;
        }
        var etcdOnly = new Option[] { Cluster, UnderlayDev, Ip, VtepIp, VtepMac, PodCidrs, LeaseTtl, ClaimGrace, MaxNodeBlocks, KeepRegistration, Prefix }
            .Concat(EtcdCredentials.All)
            .Where(o => parse.GetResult(o) is { Implicit: false })
            .Select(o => o.Name)
            .ToList();
        if (etcdOnly.Count > 0)
        {
            throw new UsageException($"{string.Join(", ", etcdOnly)} {(etcdOnly.Count == 1 ? "only applies" : "only apply")} with --etcd; with -f the inventory file says all of it");
        }
    }
}
