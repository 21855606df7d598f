using System.Globalization;

namespace VxMesh.Lab.Kubernetes;

/// <summary>
/// The command lines of the real Kubernetes components, as a cluster operator would write them
/// for Kubernetes 1.20: TLS everywhere (1.20 has no insecure port), client certificates from the
/// cluster's CA, Node and RBAC authorization with NodeRestriction, service-account tokens signed by
/// the cluster's key, node CIDRs allocated (and a registering node's own block occupied) by the
/// controller-manager. Single instances, so no leader election. Pure: tests read them without root.
/// </summary>
public static class ComponentCommands
{
    public const string ApiServer = "kube-apiserver";
    public const string ControllerManager = "kube-controller-manager";
    public const string Scheduler = "kube-scheduler";
    public const string Proxy = "kube-proxy";

    public const string ServiceAccountIssuer = "https://kubernetes.default.svc.cluster.local";

    public const string NodePortRange = "30000-32767";

    public static IReadOnlyList<string> ApiServerOf(KubernetesBinaries bin, KubernetesPaths paths, ClusterControlPlane c)
    {
        string F(string file) => paths.ClusterFile(c.Name, file);
        return
        [
            bin.ApiServer,
            $"--advertise-address={c.Address}", $"--bind-address={c.Address}", $"--secure-port={ControlPlaneLayout.ApiPort}",
            "--insecure-port=0",
            $"--etcd-servers={ControlPlaneLayout.EtcdUrl}", $"--etcd-prefix={c.EtcdPrefix}",
            $"--service-cluster-ip-range={c.ServiceRange}", $"--service-node-port-range={NodePortRange}",
            $"--client-ca-file={F("ca.crt")}", $"--tls-cert-file={F("apiserver.crt")}", $"--tls-private-key-file={F("apiserver.key")}",
            $"--kubelet-client-certificate={F("apiserver-kubelet-client.crt")}", $"--kubelet-client-key={F("apiserver-kubelet-client.key")}",
            $"--kubelet-certificate-authority={F("ca.crt")}", "--kubelet-preferred-address-types=InternalIP",
            "--authorization-mode=Node,RBAC", "--enable-admission-plugins=NodeRestriction",
            $"--service-account-key-file={F("sa.pub")}", $"--service-account-signing-key-file={F("sa.key")}",
            $"--service-account-issuer={ServiceAccountIssuer}",
            "--allow-privileged=true", "--profiling=false", "--event-ttl=1h",
        ];
    }

    public static IReadOnlyList<string> ControllerManagerOf(KubernetesBinaries bin, KubernetesPaths paths, ClusterControlPlane c)
    {
        string F(string file) => paths.ClusterFile(c.Name, file);
        var kubeconfig = F("controller-manager.kubeconfig");
        return
        [
            bin.ControllerManager,
            $"--kubeconfig={kubeconfig}", $"--authentication-kubeconfig={kubeconfig}", $"--authorization-kubeconfig={kubeconfig}",
            $"--bind-address={c.Address}", "--secure-port=10257", "--port=0", "--leader-elect=false",
            "--use-service-account-credentials=true", $"--service-account-private-key-file={F("sa.key")}", $"--root-ca-file={F("ca.crt")}",
            $"--cluster-signing-cert-file={F("ca.crt")}", $"--cluster-signing-key-file={F("ca.key")}",
            "--allocate-node-cidrs=true", $"--cluster-cidr={c.PodCidrs[0]}",
            $"--node-cidr-mask-size={c.NodeMaskSize.ToString(CultureInfo.InvariantCulture)}",
            $"--service-cluster-ip-range={c.ServiceRange}", "--controllers=*", "--profiling=false",
        ];
    }

    public static IReadOnlyList<string> SchedulerOf(KubernetesBinaries bin, KubernetesPaths paths, ClusterControlPlane c)
    {
        var kubeconfig = paths.ClusterFile(c.Name, "scheduler.kubeconfig");
        return
        [
            bin.Scheduler,
            $"--kubeconfig={kubeconfig}", $"--authentication-kubeconfig={kubeconfig}", $"--authorization-kubeconfig={kubeconfig}",
            $"--bind-address={c.Address}", "--secure-port=10259", "--port=0", "--leader-elect=false", "--profiling=false",
        ];
    }

    /// <summary>
    /// kube-proxy in iptables mode inside a node's namespace. nf_conntrack_max is not per namespace,
    /// so kube-proxy must not try to size it (--conntrack-max-per-core=0); the TCP timeouts it sets
    /// are per namespace and stay at its defaults.
    /// </summary>
    public static IReadOnlyList<string> ProxyOf(KubernetesBinaries bin, KubernetesPaths paths, ClusterControlPlane c, string node, string nodeIp) =>
    [
        bin.Proxy,
        $"--kubeconfig={paths.ClusterFile(c.Name, "kube-proxy.kubeconfig")}", $"--hostname-override={node}",
        $"--bind-address={nodeIp}", $"--cluster-cidr={c.PodCidrs[0]}", "--proxy-mode=iptables",
        "--conntrack-max-per-core=0", $"--healthz-bind-address={nodeIp}:10256", "--metrics-bind-address=127.0.0.1:10249",
        "--profiling=false",
    ];
}
