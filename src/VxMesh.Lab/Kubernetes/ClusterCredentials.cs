using System.Net;
using VxMesh.Core.Security;

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
    public static readonly IReadOnlyList<(string File, string User, string? Group)> ComponentUsers =
    [
        ("admin.kubeconfig", Admin, "system:masters"),
        ("controller-manager.kubeconfig", "system:kube-controller-manager", null),
        ("scheduler.kubeconfig", "system:kube-scheduler", null),
        ("kube-proxy.kubeconfig", "system:kube-proxy", null),
    ];

    public static void Write(KubernetesPaths paths, ClusterControlPlane cluster, TimeProvider time)
    {
        Directory.CreateDirectory(paths.Cluster(cluster.Name));
        using var ca = CertificateAuthority.Create($"vxmesh-lab-{cluster.Name}-ca", time);
        WritePair(paths, cluster.Name, "ca", ca.Pem);
        WritePair(paths, cluster.Name, "apiserver", ca.IssueServer("kube-apiserver",
            ["kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local", "localhost"],
            [cluster.Address, cluster.KubernetesServiceIp, IPAddress.Loopback]));
        // kube-apiserver wants a kubelet client credential; nothing serves the kubelet port in the lab
        // (no kubectl logs/exec), so it is never presented.
        WritePair(paths, cluster.Name, "apiserver-kubelet-client", ca.IssueClient("kube-apiserver-kubelet-client", "system:masters"));
        var signing = ServiceAccountKey.Create();
        SecretFile.Write(paths.ClusterFile(cluster.Name, "sa.key"), signing.PrivateKey);
        File.WriteAllText(paths.ClusterFile(cluster.Name, "sa.pub"), signing.PublicKey);
        foreach (var (file, user, group) in ComponentUsers)
        {
            SecretFile.Write(paths.ClusterFile(cluster.Name, file),
                Kubeconfig.Build(cluster.Name, cluster.ApiUrl, ca.Pem.CertificatePem, user, ca.IssueClient(user, group)));
        }
    }

    /// <summary>A node's own credential (user system:node:NAME, group system:nodes), issued by its cluster's CA; also for a node joining later.</summary>
    public static void WriteNode(KubernetesPaths paths, ClusterControlPlane cluster, string node, TimeProvider time)
    {
        using var ca = LoadAuthority(paths, cluster.Name, time);
        Directory.CreateDirectory(paths.Lab.NodeDirectory(node));
        SecretFile.Write(paths.NodeFile(node, "kubelet.kubeconfig"), Kubeconfig.Build(cluster.Name, cluster.ApiUrl, ca.Pem.CertificatePem,
            $"system:node:{node}", ca.IssueClient($"system:node:{node}", "system:nodes")));
    }

    private static CertificateAuthority LoadAuthority(KubernetesPaths paths, string cluster, TimeProvider time) =>
        CertificateAuthority.Load(File.ReadAllText(paths.ClusterFile(cluster, "ca.crt")),
            File.ReadAllText(paths.ClusterFile(cluster, "ca.key")), time);

    private static void WritePair(KubernetesPaths paths, string cluster, string name, PemPair pair)
    {
        pair.WriteTo(paths.ClusterFile(cluster, name + ".crt"), paths.ClusterFile(cluster, name + ".key"));
    }
}
