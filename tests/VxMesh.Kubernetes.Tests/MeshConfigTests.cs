using VxMesh.Kubernetes.Config;

namespace VxMesh.Kubernetes.Tests;

public class MeshConfigTests
{
    private const string Source = "configmap vxmesh-system/vxmesh-config";
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 0, 0, 0, TimeSpan.Zero);

    private const string OneCluster = """
        mesh:
          vni: 10001
          port: 4899
          device: vxlan-test
        clusters:
          - name: test-cluster1
            cni: calico
            podCidrs: [198.19.0.0/18]
            serviceCidrs: [198.19.64.0/18]
        """;

    [Fact]
    public void Parse_InventoryFormWithOneCluster_GivesTheClusterAndEndpoints()
    {
        var config = MeshConfig.Parse(new Dictionary<string, string> { ["mesh.yaml"] = OneCluster, ["etcd"] = " https://198.18.0.2:2379\n" }, Source, Now);

        Assert.Equal("test-cluster1", config.Cluster.Name);
        Assert.Equal(10001u, config.Contents.Mesh.Vni);
        Assert.Equal("https://198.18.0.2:2379", config.EtcdEndpoints);
    }

    [Theory]
    [InlineData("mesh.yaml")]
    [InlineData("etcd")]
    public void Parse_MissingKey_NamesTheKeyAndTheFix(string absent)
    {
        var data = new Dictionary<string, string> { ["mesh.yaml"] = OneCluster, ["etcd"] = "https://198.18.0.2:2379" };
        data.Remove(absent);

        var error = Assert.Throws<MeshConfigException>(() => MeshConfig.Parse(data, Source, Now));

        Assert.Contains($"key {absent} is missing", error.Message);
        Assert.Contains("fix:", error.Message);
    }

    [Fact]
    public void Parse_TwoClusters_IsRefused()
    {
        var two = OneCluster + """

              - name: test-cluster2
                cni: flannel
                podCidrs: [198.19.128.0/18]
                serviceCidrs: [198.19.192.0/18]
            """;

        var error = Assert.Throws<MeshConfigException>(() =>
            MeshConfig.Parse(new Dictionary<string, string> { ["mesh.yaml"] = two, ["etcd"] = "https://198.18.0.2:2379" }, Source, Now));

        Assert.Contains("exactly this cluster", error.Message);
    }

    [Fact]
    public void Parse_InvalidInventory_ReportsTheInventoryProblemWithTheSource()
    {
        var bad = OneCluster.Replace("cni: calico", "cni: weave", StringComparison.Ordinal);

        var error = Assert.Throws<MeshConfigException>(() =>
            MeshConfig.Parse(new Dictionary<string, string> { ["mesh.yaml"] = bad, ["etcd"] = "https://198.18.0.2:2379" }, Source, Now));

        Assert.Contains(Source, error.Message);
        Assert.Contains("cni", error.Message);
    }
}
