using System.Net;
using VxMesh.Lab.Churn;

namespace VxMesh.Lab.Tests.Churn;

public class PathFaultTests
{
    [Fact]
    public void TableName_NodeNameToAnNftIdentifier()
    {
        Assert.Equal("vxmesh_lab_cut_multicluster_test_003", PathFault.TableName("multicluster-test-003"));
    }

    [Fact]
    public void Rules_DropVxlanBothWaysBeforeOtherFilters_ReplacedWhole()
    {
        var rules = PathFault.Rules("n3", IPAddress.Parse("198.18.2.16"), 4899).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(
        [
            "add table inet vxmesh_lab_cut_n3",
            "flush table inet vxmesh_lab_cut_n3",
            "add chain inet vxmesh_lab_cut_n3 input { type filter hook input priority -200; }",
            "add chain inet vxmesh_lab_cut_n3 output { type filter hook output priority -200; }",
            "add rule inet vxmesh_lab_cut_n3 input ip saddr 198.18.2.16 udp dport 4899 drop",
            "add rule inet vxmesh_lab_cut_n3 output ip daddr 198.18.2.16 udp dport 4899 drop",
        ], rules);
    }

    [Fact]
    public void Rules_Ipv6Peer_Ip6Match()
    {
        Assert.Contains("ip6 saddr 2001:db8::16 udp dport 4789 drop", PathFault.Rules("n", IPAddress.Parse("2001:db8::16"), 4789), StringComparison.Ordinal);
    }
}
