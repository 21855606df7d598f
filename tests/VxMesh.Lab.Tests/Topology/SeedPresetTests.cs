using System.Net;
using VxMesh.Core.Model;
using VxMesh.Lab.Tests.Support;
using VxMesh.Lab.Topology;

namespace VxMesh.Lab.Tests.Topology;

public class SeedPresetTests
{
    private static LabTopology Seed => LabLoader.LoadPreset("seed", "seed").Topology!;

    [Fact]
    public void LoadPreset_Seed_LoadsWithoutProblems()
    {
        Assert.Empty(LabLoader.LoadPreset("seed", "seed").Problems);
    }

    [Fact]
    public void LoadPreset_Seed_IsTheExampleFile()
    {
        Assert.Equal(File.ReadAllText(TestEnvironment.RepoFile("examples/lab-seed.yaml")), Presets.Text("seed"));
    }

    [Fact]
    public void LoadPreset_Seed_KeepsTheArticlesMeshSettings()
    {
        var mesh = Seed.Inventory.Mesh;

        Assert.Equal(10001u, mesh.Vni);
        Assert.Equal(4899, mesh.Port);
        Assert.Equal("vxlan-test", mesh.Device);
        Assert.Equal(IPNetwork.Parse("198.18.250.0/24"), mesh.VtepCidr);
    }

    [Theory]
    [InlineData("multicluster-test-001", "test-cluster1", "198.18.1.21", "198.18.250.21", "c2:6a:9b:e5:39:8d")]
    [InlineData("multicluster-test-002", "test-cluster1", "198.18.1.31", "198.18.250.31", "7a:3a:fe:45:a3:76")]
    [InlineData("multicluster-test-003", "test-cluster2", "198.18.2.16", "198.18.250.16", "36:f9:67:c0:70:1c")]
    [InlineData("multicluster-test-004", "test-cluster2", "198.18.2.44", "198.18.250.44", "12:d1:df:44:3d:aa")]
    [InlineData("multicluster-test-005", "test-cluster3", "198.18.3.15", "198.18.250.15", "ba:a7:54:aa:bc:ce")]
    [InlineData("multicluster-test-006", "test-cluster3", "198.18.3.13", "198.18.250.13", "4e:ac:f5:6f:4e:76")]
    public void LoadPreset_Seed_MapsEachNodeKeepingHostPartsAndMacs(string node, string cluster, string ip, string vtep, string mac)
    {
        var (c, n) = Seed.Inventory.FindNode(node)!.Value;

        Assert.Equal(cluster, c.Name);
        Assert.Equal(CniKind.Calico, c.Cni);
        Assert.Equal(IPAddress.Parse(ip), n.Ip);
        Assert.Equal(IPAddress.Parse(vtep), n.VtepIp);
        Assert.Equal(mac, Mac.Format(n.VtepMac));
    }

    [Fact]
    public void LoadPreset_Seed_HasOneRoutedSegmentPerCluster()
    {
        var seed = Seed;

        Assert.Equal(3, seed.Settings.Segments.Count);
        foreach (var cluster in seed.Inventory.Clusters)
        {
            var segments = cluster.Nodes.Select(n => seed.Settings.Segments.Single(s => s.Cidr.Contains(n.Ip)).Name).Distinct();
            Assert.Single(segments);
        }
        Assert.True(seed.Settings.Ippools);
    }
}
