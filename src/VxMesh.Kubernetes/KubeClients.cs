using k8s;

namespace VxMesh.Kubernetes;

/// <summary>
/// The API client: in-cluster (the pod's service-account token and the `kubernetes` service, as
/// every add-on does) or from a kubeconfig file (outside a cluster, and the lab's tests).
/// </summary>
public static class KubeClients
{
    public static IKubernetes Create(string? kubeconfig)
    {
        var config = kubeconfig is not null
            ? KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig)
            : KubernetesClientConfiguration.IsInCluster()
                ? KubernetesClientConfiguration.InClusterConfig()
                : throw new InvalidOperationException(
                    "not in a cluster (no KUBERNETES_SERVICE_HOST or service-account token): give --kubeconfig FILE");
        return new k8s.Kubernetes(config);
    }
}
