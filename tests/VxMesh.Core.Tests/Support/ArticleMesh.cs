using VxMesh.Core.Model;

namespace VxMesh.Core.Tests.Support;

/// <summary>
/// seeds/000 written out in code: three calico clusters of two nodes, device vxlan-test,
/// VNI 10001, port 4899, VTEP addresses in 179.17.1.0/24, every value from the article's tables.
/// </summary>
public static class ArticleMesh
{
    public const string Device = "vxlan-test";

    public static MeshBuilder Builder() =>
        MeshBuilder.WithVtepCidr("179.17.1.0/24")
            .Mesh(m => m with { Vni = 10001, Port = 4899, Device = Device })
            .Cluster("test-cluster1", "10.234.64.0/18", "10.234.0.0/18", c => c
                .Node("multicluster-test-001", "192.168.0.21", ["10.234.111.0/24"], "179.17.1.21", "c2:6a:9b:e5:39:8d", "eth0")
                .Node("multicluster-test-002", "192.168.0.31", ["10.234.118.0/24"], "179.17.1.31", "7a:3a:fe:45:a3:76", "eth0"))
            .Cluster("test-cluster2", "10.235.64.0/18", "10.235.0.0/18", c => c
                .Node("multicluster-test-003", "192.168.0.16", ["10.235.88.0/24"], "179.17.1.16", "36:f9:67:c0:70:1c", "eth0")
                .Node("multicluster-test-004", "192.168.0.44", ["10.235.113.0/24"], "179.17.1.44", "12:d1:df:44:3d:aa", "eth0"))
            .Cluster("test-cluster3", "10.236.64.0/18", "10.236.0.0/18", c => c
                .Node("multicluster-test-005", "192.168.0.15", ["10.236.115.0/24"], "179.17.1.15", "ba:a7:54:aa:bc:ce", "eth0")
                .Node("multicluster-test-006", "192.168.0.13", ["10.236.106.0/24"], "179.17.1.13", "4e:ac:f5:6f:4e:76", "eth0"));

    public static Inventory Build() => Builder().Build("seed-000 (in code)");
}
