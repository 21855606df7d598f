using System.Net;
using VxMesh.Lab.Tests.Support;

namespace VxMesh.Lab.Tests.EndToEnd;

public sealed class OnlinkSnatLab : LabFixture
{
    protected override string Yaml => TestTopologies.OnlinkNoIppools;

    protected override char Tag => 'o';
}

/// <summary>
/// Onlink addressing (flannel's way: no VTEP range, routes via the peer's block address) in
/// TEST-NET segments, with ippools off: the article's problem before its IPPools.
/// </summary>
[Collection(LabCollection.Name)]
public class OnlinkSnatLabTests(OnlinkSnatLab lab) : IClassFixture<OnlinkSnatLab>
{
    [Fact]
    public void Verify_CrossClusterPairsConnectButArriveFromTheSendersVxlanAddress()
    {
        var cross = lab.Report.Pairs.Where(p => p.CrossCluster).ToList();

        Assert.Equal(8, cross.Count);
        Assert.All(cross, p =>
        {
            Assert.True(p.Ok, LabFixture.Describe([p]));
            Assert.False(p.SourcePreserved, LabFixture.Describe([p]));
            var sender = lab.Node(lab.State.Pods.Single(pod => pod.Name == p.From).Node);
            Assert.Equal(sender.VxlanAddress.ToString(), p.ClientSeen);
        });
    }

    [Fact]
    public void Verify_CalicoPodsCrossClusterTrafficIsSnatedToTheNodesVxlanAddress()
    {
        var pair = lab.Report.Pairs.First(p => p.From == "cb-1-pod1" && p.ToCluster == "fc");

        Assert.True(pair.Ok);
        Assert.Equal("198.19.32.0", pair.ClientSeen);
    }

    [Fact]
    public void Verify_InsideAClusterTheSourceIsKept_AndTheRunPassesAsExpected()
    {
        Assert.All(lab.Report.Pairs.Where(p => !p.CrossCluster), p => Assert.True(p.Ok && p.SourcePreserved, LabFixture.Describe([p])));
        Assert.True(lab.Report.Ok);
        Assert.False(lab.Report.Ippools);
    }

    [Fact]
    public async Task Onlink_VxlanDeviceHoldsTheFirstBlocksAddressAndRoutesAreOnlink()
    {
        var node = lab.Node("fc-1");

        Assert.Equal(IPAddress.Parse("198.19.48.0"), node.VxlanAddress);
        var all = await Kernel.IpJsonAsync(node.Namespace, "route", "show", "proto", "118");
        // The other cluster's service range goes through its nexthop group (docs/services.md); the pod blocks through the peers' own nexthops.
        Assert.Equal(["198.18.96.0/20", "198.19.32.0/24", "198.19.33.0/24"], all.Select(r => (string)r!["dst"]!).Order());
        var blocks = all.Where(r => (string)r!["dst"]! != "198.18.96.0/20").ToList();
        Assert.All(blocks, r => Assert.Contains("onlink", r!["flags"]!.AsArray().Select(f => (string)f!)));
    }
}
