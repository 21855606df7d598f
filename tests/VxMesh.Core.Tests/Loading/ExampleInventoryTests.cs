using System.Net;
using VxMesh.Core.Addressing;
using VxMesh.Core.Loading;
using VxMesh.Core.Model;

namespace VxMesh.Core.Tests.Loading;

public class ExampleInventoryTests
{
    [Fact]
    public void LoadFile_Seed000_LoadsWithoutProblems()
    {
        var result = InventoryLoader.LoadFile(TestInventories.RepoFile("examples/seed-000.yaml"));

        Assert.Empty(result.Problems);
        Assert.True(result.Ok);
        Assert.NotNull(result.Inventory);
        Assert.Null(result.Lab);
    }

    [Fact]
    public void LoadFile_Seed000_MeshMatchesArticle()
    {
        var mesh = LoadSeed().Mesh;

        Assert.Equal(10001u, mesh.Vni);
        Assert.Equal(4899, mesh.Port);
        Assert.Equal("vxlan-test", mesh.Device);
        Assert.Equal(IPNetwork.Parse("179.17.1.0/24"), mesh.VtepCidr);
        Assert.Null(mesh.Mtu);
        Assert.Equal(Backend.Vxlan, mesh.Backend);
        Assert.True(mesh.TxChecksumOffload);
    }

    [Theory]
    [InlineData("test-cluster1", "10.234.64.0/18", "10.234.0.0/18")]
    [InlineData("test-cluster2", "10.235.64.0/18", "10.235.0.0/18")]
    [InlineData("test-cluster3", "10.236.64.0/18", "10.236.0.0/18")]
    public void LoadFile_Seed000_ClustersMatchArticle(string name, string podCidr, string serviceCidr)
    {
        var cluster = LoadSeed().FindCluster(name);

        Assert.NotNull(cluster);
        Assert.Equal(CniKind.Calico, cluster.Cni);
        Assert.Equal(ValueList.Of(IPNetwork.Parse(podCidr)), cluster.PodCidrs);
        Assert.Equal(ValueList.Of(IPNetwork.Parse(serviceCidr)), cluster.ServiceCidrs);
        Assert.Null(cluster.PodMtu);
        Assert.Equal(2, cluster.Nodes.Count);
    }

    [Theory]
    [InlineData("test-cluster1", "multicluster-test-001", "192.168.0.21", "179.17.1.21", "c2:6a:9b:e5:39:8d", "10.234.111.0/24")]
    [InlineData("test-cluster1", "multicluster-test-002", "192.168.0.31", "179.17.1.31", "7a:3a:fe:45:a3:76", "10.234.118.0/24")]
    [InlineData("test-cluster2", "multicluster-test-003", "192.168.0.16", "179.17.1.16", "36:f9:67:c0:70:1c", "10.235.88.0/24")]
    [InlineData("test-cluster2", "multicluster-test-004", "192.168.0.44", "179.17.1.44", "12:d1:df:44:3d:aa", "10.235.113.0/24")]
    [InlineData("test-cluster3", "multicluster-test-005", "192.168.0.15", "179.17.1.15", "ba:a7:54:aa:bc:ce", "10.236.115.0/24")]
    [InlineData("test-cluster3", "multicluster-test-006", "192.168.0.13", "179.17.1.13", "4e:ac:f5:6f:4e:76", "10.236.106.0/24")]
    public void LoadFile_Seed000_NodesMatchArticle(string cluster, string node, string ip, string vtepIp, string vtepMac, string block)
    {
        var found = LoadSeed().FindNode(node);

        Assert.NotNull(found);
        var (c, n) = found.Value;
        Assert.Equal(cluster, c.Name);
        Assert.Equal(IPAddress.Parse(ip), n.Ip);
        Assert.Equal("eth0", n.UnderlayDev);
        Assert.Equal(IPAddress.Parse(vtepIp), n.VtepIp);
        Assert.Equal(vtepMac, Mac.Format(n.VtepMac));
        Assert.Equal(ValueList.Of(IPNetwork.Parse(block)), n.PodCidrs);
    }

    [Fact]
    public void LoadFile_Seed000_ArticleVtepIpsAreWhatDerivationGives()
    {
        var inventory = LoadSeed();

        Assert.All(inventory.AllNodes, p =>
            Assert.Equal(p.Node.VtepIp, VtepIpDerivation.Derive(inventory.Mesh.VtepCidr!.Value, p.Node.Ip)));
    }

    [Fact]
    public void LoadFile_Seed000_SourceIsThePath()
    {
        var path = TestInventories.RepoFile("examples/seed-000.yaml");

        Assert.Equal(path, InventoryLoader.LoadFile(path).Inventory!.Source);
    }

    [Fact]
    public void LoadFile_OnlinkFlannel_LoadsInOnlinkModeWithDerivedMacs()
    {
        var result = InventoryLoader.LoadFile(TestInventories.RepoFile("examples/onlink-flannel.yaml"));

        Assert.Empty(result.Problems);
        var inventory = result.Inventory!;
        Assert.Null(inventory.Mesh.VtepCidr);
        Assert.Equal(2, inventory.Clusters.Count);
        Assert.All(inventory.Clusters, c => Assert.Equal(CniKind.Flannel, c.Cni));
        Assert.Equal(4, inventory.AllNodes.Count());
        Assert.All(inventory.AllNodes, p =>
        {
            Assert.Null(p.Node.VtepIp);
            Assert.Equal(VtepMacDerivation.Derive(p.Cluster.Name, p.Node.Name), p.Node.VtepMac);
            Assert.True(IPNetwork.Parse("198.18.0.0/15").Contains(p.Node.Ip));
        });
    }

    private static Inventory LoadSeed()
    {
        var result = InventoryLoader.LoadFile(TestInventories.RepoFile("examples/seed-000.yaml"));
        Assert.Empty(result.Problems);
        return result.Inventory!;
    }
}
