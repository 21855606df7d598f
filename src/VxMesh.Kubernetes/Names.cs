namespace VxMesh.Kubernetes;

/// <summary>The names VxMesh uses in a cluster's API: its namespace, ConfigMap, labels, annotations and resources.</summary>
public static class Names
{
    /// <summary>Where the install puts VxMesh (POD_NAMESPACE overrides, as the downward API sets it).</summary>
    public const string DefaultNamespace = "vxmesh-system";

    public const string ConfigMap = "vxmesh-config";

    /// <summary>The ConfigMap key holding the mesh settings and this cluster's identity, in inventory form.</summary>
    public const string MeshKey = "mesh.yaml";

    /// <summary>The ConfigMap key holding the registry's etcd endpoints.</summary>
    public const string EtcdKey = "etcd";

    public const string Group = "vxmesh.io";

    /// <summary>What VxMesh owns carries this label, and VxMesh touches nothing without it.</summary>
    public const string ManagedBy = "app.kubernetes.io/managed-by";

    public const string ManagedByValue = "vxmesh";

    /// <summary>Labelled on pools and status objects: the remote cluster they are for.</summary>
    public const string RemoteCluster = "vxmesh.io/remote-cluster";

    /// <summary>Set by an operator on a Node: use this underlay address instead of the InternalIP.</summary>
    public const string UnderlayIpAnnotation = "vxmesh.io/underlay-ip";

    /// <summary>Written by the agent on its Node, as flannel writes its VTEP MAC: what peers program for it.</summary>
    public const string VtepMacAnnotation = "vxmesh.io/vtep-mac";

    public const string VtepIpAnnotation = "vxmesh.io/vtep-ip";

    public const string PublicIpAnnotation = "vxmesh.io/public-ip";

    /// <summary>The status resource per remote cluster (cluster-scoped, group vxmesh.io).</summary>
    public const string RemoteClusters = "remoteclusters";

    public const string Version = "v1alpha1";

    public const string CalicoGroup = "crd.projectcalico.org";

    public const string CalicoVersion = "v1";

    public static string PodNamespace() =>
        Environment.GetEnvironmentVariable("POD_NAMESPACE") is { Length: > 0 } ns ? ns : DefaultNamespace;
}
