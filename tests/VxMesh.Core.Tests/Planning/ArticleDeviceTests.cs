using System.Net;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;
using VxMesh.Core.Tests.Support;

namespace VxMesh.Core.Tests.Planning;

/// <summary>The device each node of seeds/000 gets: the article's `ip link add` and `ip addr add` lines.</summary>
public class ArticleDeviceTests
{
    [Fact]
    public void Plan_ArticleNode001_DeviceMatchesArticleLinkAdd()
    {
        // ip link add vxlan-test type vxlan id 10001 dstport 4899 local 192.168.0.21 dev eth0 nolearning
        // ip link set dev vxlan-test address c2:6a:9b:e5:39:8d
        var device = Planner.Plan(ArticleMesh.Build(), "multicluster-test-001").Device;

        Assert.Equal("vxlan-test", device.Name);
        Assert.Equal(10001u, device.Vni);
        Assert.Equal(4899, device.Port);
        Assert.Equal(IPAddress.Parse("192.168.0.21"), device.Local);
        Assert.Equal("eth0", device.UnderlayDev);
        Assert.Equal("c2:6a:9b:e5:39:8d", Mac.Format(device.Mac));
    }

    [Fact]
    public void Plan_ArticleNode001_AddressIsVtepIpWithVtepCidrPrefix()
    {
        // ip addr add 179.17.1.21/24 dev vxlan-test
        var plan = Planner.Plan(ArticleMesh.Build(), "multicluster-test-001");

        Assert.Equal(new InterfaceAddress(IPAddress.Parse("179.17.1.21"), 24), plan.Address);
        Assert.Equal("179.17.1.21/24", plan.Address.ToString());
    }

    [Theory]
    [InlineData("multicluster-test-001", "test-cluster1", "192.168.0.21", "179.17.1.21", "c2:6a:9b:e5:39:8d")]
    [InlineData("multicluster-test-002", "test-cluster1", "192.168.0.31", "179.17.1.31", "7a:3a:fe:45:a3:76")]
    [InlineData("multicluster-test-003", "test-cluster2", "192.168.0.16", "179.17.1.16", "36:f9:67:c0:70:1c")]
    [InlineData("multicluster-test-004", "test-cluster2", "192.168.0.44", "179.17.1.44", "12:d1:df:44:3d:aa")]
    [InlineData("multicluster-test-005", "test-cluster3", "192.168.0.15", "179.17.1.15", "ba:a7:54:aa:bc:ce")]
    [InlineData("multicluster-test-006", "test-cluster3", "192.168.0.13", "179.17.1.13", "4e:ac:f5:6f:4e:76")]
    public void Plan_EveryArticleNode_DeviceAndAddressMatchTheArticlesTable(string node, string cluster, string ip, string vtepIp, string mac)
    {
        var plan = Planner.Plan(ArticleMesh.Build(), node);

        Assert.Equal(node, plan.Node);
        Assert.Equal(cluster, plan.Cluster);
        Assert.Equal(IPAddress.Parse(ip), plan.Device.Local);
        Assert.Equal($"{vtepIp}/24", plan.Address.ToString());
        Assert.Equal(mac, Mac.Format(plan.Device.Mac));
    }
}
