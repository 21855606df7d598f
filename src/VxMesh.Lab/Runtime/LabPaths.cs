namespace VxMesh.Lab.Runtime;

/// <summary>
/// Where a lab keeps its files: /run/vxmesh/labs/LAB/ (tmpfs, gone after a reboot like the
/// namespaces themselves). The inventory the agents read (file mode) or `registry load` writes
/// to etcd (etcd mode), the state file, one directory per node (agent log and pid) and per pod
/// (nginx config, pid, log, temp files), and the lab's etcd (data, pid, log).
/// </summary>
public sealed record LabPaths(string Root, string Lab)
{
    public const string DefaultRoot = "/run/vxmesh/labs";

    public static LabPaths For(string lab) => new(DefaultRoot, lab);

    public string Directory => Path.Combine(Root, Lab);

    public string Inventory => Path.Combine(Directory, "inventory.yaml");

    public string State => Path.Combine(Directory, "state.json");

    public string NodeDirectory(string node) => Path.Combine(Directory, "nodes", node);

    public string AgentLog(string node) => Path.Combine(NodeDirectory(node), "agent.log");

    public string AgentPid(string node) => Path.Combine(NodeDirectory(node), "agent.pid");

    public string PodDirectory(string pod) => Path.Combine(Directory, "pods", pod);

    public string NginxConfig(string pod) => Path.Combine(PodDirectory(pod), "nginx.conf");

    public string NginxPid(string pod) => Path.Combine(PodDirectory(pod), "nginx.pid");

    public string NginxLog(string pod) => Path.Combine(PodDirectory(pod), "error.log");

    /// <summary>The lab's etcd (etcd mode): its data directory, pid and log. `lab etcd stop` keeps it; `lab down` removes it.</summary>
    public string EtcdDirectory => Path.Combine(Directory, "etcd");

    public string EtcdData => Path.Combine(EtcdDirectory, "data");

    public string EtcdPid => Path.Combine(EtcdDirectory, "etcd.pid");

    public string EtcdLog => Path.Combine(EtcdDirectory, "etcd.log");

    /// <summary>An etcd lab's CA and certificates (<see cref="Registry.LabPki"/>).</summary>
    public string Pki => Path.Combine(Directory, "pki");

    /// <summary>Held by verbs that change a running lab (node add/rm/crash, agent and etcd start/stop), one at a time.</summary>
    public string Lock => Path.Combine(Directory, "lock");

    /// <summary>Labs that left a directory behind (up, or crashed before cleaning up).</summary>
    public static IReadOnlyList<string> Existing(string root = DefaultRoot) =>
        System.IO.Directory.Exists(root)
            ? System.IO.Directory.GetDirectories(root).Select(Path.GetFileName).OfType<string>().ToList()
            : [];
}
