using System.Net;
using VxMesh.Lab.Kubernetes.Pki;
using VxMesh.Lab.Runtime;

namespace VxMesh.Lab.Kubernetes;

/// <summary>
/// One cluster's credentials, written once by `lab up`: its own CA (a credential of one lab
/// cluster is worthless in another), the API server's serving certificate (reached by its address,
/// by the `kubernetes` service's ClusterIP and by the service's DNS names), the service-account
/// signing key, and a kubeconfig per control-plane user — each with the user and groups
/// Kubernetes' default RBAC bindings expect (system:kube-controller-manager, system:kube-scheduler,
/// system:kube-proxy, system:node:NAME in system:nodes for the Node authorizer). Keys are 0600.
/// </summary>
public static class ClusterCredentials
{
    public const string Admin = "kubernetes-admin";

    /// <summary>The kubeconfig components of the control plane and of every node read, by file name.</summary>
    public static readonly IReadOnlyList<(string File, string User, string[] Groups)> ComponentUsers =
    [
        ("admin.kubeconfig", Admin, ["system:masters"]),
        ("controller-manager.kubeconfig", "system:kube-controller-manager", []),
        ("scheduler.kubeconfig", "system:kube-scheduler", []),
        ("kube-proxy.kubeconfig", "system:kube-proxy", []),
    ];

    public static void Write(KubernetesPaths paths, ClusterControlPlane cluster, TimeProvider time)
    {
        Directory.CreateDirectory(paths.Cluster(cluster.Name));
        using var ca = LabCertificateAuthority.Create($"vxmesh-lab-{cluster.Name}-ca", time);
        WritePair(paths, cluster.Name, "ca", ca.Pem);
        WritePair(paths, cluster.Name, "apiserver", ca.Issue(CertificateSubject.ServerOf("kube-apiserver",
            [cluster.Address, cluster.KubernetesServiceIp, IPAddress.Loopback],
            ["kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local", "localhost"])));
        // What the API server presents to node agents (kubectl logs); the agents trust the cluster CA.
        WritePair(paths, cluster.Name, "apiserver-kubelet-client", ca.Issue(CertificateSubject.ClientOf("kube-apiserver-kubelet-client", "system:masters")));
        var signing = LabCertificateAuthority.SigningKey();
        UnixFiles.WritePrivate(paths.ClusterFile(cluster.Name, "sa.key"), signing.PrivateKey);
        File.WriteAllText(paths.ClusterFile(cluster.Name, "sa.pub"), signing.PublicKey);
        foreach (var (file, user, groups) in ComponentUsers)
        {
            UnixFiles.WritePrivate(paths.ClusterFile(cluster.Name, file),
                Kubeconfig.Build(cluster.Name, cluster.ApiUrl, ca.CertificatePem, user, ca.Issue(CertificateSubject.ClientOf(user, groups))));
        }
    }

    /// <summary>A node's own credential (user system:node:NAME, group system:nodes), issued by its cluster's CA; also for a node joining later.</summary>
    public static void WriteNode(KubernetesPaths paths, ClusterControlPlane cluster, string node, IPAddress nodeIp, TimeProvider time)
    {
        using var ca = LoadAuthority(paths, cluster.Name, time);
        Directory.CreateDirectory(paths.Lab.NodeDirectory(node));
        UnixFiles.WritePrivate(paths.NodeFile(node, "kubelet.kubeconfig"), Kubeconfig.Build(cluster.Name, cluster.ApiUrl, ca.CertificatePem,
            $"system:node:{node}", ca.Issue(CertificateSubject.ClientOf($"system:node:{node}", "system:nodes"))));
        // The node agent's serving certificate (the API server reaches it for `kubectl logs`).
        WritePair(paths, cluster.Name, $"node-{node}", ca.Issue(CertificateSubject.ServerOf($"system:node:{node}", [nodeIp], [node])));
    }

    public static LabCertificateAuthority LoadAuthority(KubernetesPaths paths, string cluster, TimeProvider time) =>
        LabCertificateAuthority.FromPem(new PemPair(File.ReadAllText(paths.ClusterFile(cluster, "ca.crt")),
            File.ReadAllText(paths.ClusterFile(cluster, "ca.key"))), time);

    private static void WritePair(KubernetesPaths paths, string cluster, string name, PemPair pair)
    {
        File.WriteAllText(paths.ClusterFile(cluster, name + ".crt"), pair.Certificate);
        UnixFiles.WritePrivate(paths.ClusterFile(cluster, name + ".key"), pair.Key);
    }
}
