using System.Net;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;
using VxMesh.Core.Tests.Support;

namespace VxMesh.Core.Tests.Planning;

/// <summary>Remote service ranges through a nexthop group per remote cluster (issue 9), on the article's mesh.</summary>
public class ServiceGroupPlanTests
{
    private static NodeState Node001(Inventory? inventory = null) => Planner.Plan(inventory ?? ArticleMesh.Build(), "multicluster-test-001");

    [Fact]
    public void Plan_ArticleNode001_OneGroupPerRemoteClusterWithItsTwoNodes()
    {
        var plan = Node001();

        Assert.Equal(["test-cluster2", "test-cluster3"], plan.Groups.Select(g => g.Cluster).Order(StringComparer.Ordinal));
        var cluster2 = plan.Groups.Single(g => g.Cluster == "test-cluster2");
        Assert.Equal(["multicluster-test-003 via 179.17.1.16 dev vxlan-test", "multicluster-test-004 via 179.17.1.44 dev vxlan-test"],
            cluster2.Members.Select(m => $"{m.Peer} {m}"));
        Assert.Equal(ServiceGroups.Shape, cluster2.Shape);
    }

    [Fact]
    public void Plan_ArticleNode001_RemoteServiceRangesThroughTheirGroupsOwnRangeNot()
    {
        var plan = Node001();
        var ids = plan.Groups.ToDictionary(g => g.Cluster, g => g.Id);

        Assert.Equal([$"10.235.0.0/18 nhid {ids["test-cluster2"]}", $"10.236.0.0/18 nhid {ids["test-cluster3"]}"], plan.ServiceRoutes.Select(r => r.ToString()));
        Assert.DoesNotContain(plan.ServiceRoutes, r => r.Destination.Equals(IPNetwork.Parse("10.234.0.0/18")));
    }

    [Fact]
    public void Plan_MembersUseThePeersOwnNexthop_SameViaAsItsBlockRoutes()
    {
        var plan = Node001();

        foreach (var member in plan.Groups.SelectMany(g => g.Members))
        {
            var route = plan.Routes.First(r => r.Peer == member.Peer);
            Assert.Equal((route.Gateway, route.Device, route.Onlink), (member.Gateway, member.Device, member.Onlink));
        }
    }

    [Fact]
    public void Plan_GroupIds_SameOnEveryNodeDistinctAndInTheGroupRange()
    {
        var inventory = ArticleMesh.Build();
        var byCluster = Planner.PlanAll(inventory).SelectMany(p => p.Groups).GroupBy(g => g.Cluster).ToDictionary(g => g.Key, g => g.Select(x => x.Id).Distinct().ToList());

        Assert.All(byCluster.Values, ids => Assert.Single(ids));
        var ids = byCluster.Values.Select(v => v[0]).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.True(Ownership.IsGroupId(id), $"{id:x} outside the group range"));
        Assert.All(ids, id => Assert.True(id >= Ownership.NexthopIdBase));
    }

    [Fact]
    public void Plan_NodeLeaves_ItLeavesTheGroupOthersStay()
    {
        var before = Node001();
        var after = Node001(Without(ArticleMesh.Build(), "multicluster-test-004"));

        var group = after.Groups.Single(g => g.Cluster == "test-cluster2");
        Assert.Equal(["multicluster-test-003"], group.Members.Select(m => m.Peer));
        Assert.Equal(before.Groups.Single(g => g.Cluster == "test-cluster2").Id, group.Id);
        Assert.Equal(before.ServiceRoutes, after.ServiceRoutes);
    }

    [Fact]
    public void Plan_ClusterWithNoNodeLeft_LosesItsGroupAndRoute()
    {
        var inventory = ArticleMesh.Build();
        var emptied = inventory with
        {
            Clusters = inventory.Clusters.Select(c => c.Name == "test-cluster3" ? c with { Nodes = ValueList<NodeSpec>.Empty } : c).ToValueList(),
        };

        var plan = Node001(emptied);

        Assert.DoesNotContain(plan.Groups, g => g.Cluster == "test-cluster3");
        Assert.DoesNotContain(plan.ServiceRoutes, r => r.Cluster == "test-cluster3");
        Assert.Contains(plan.Groups, g => g.Cluster == "test-cluster2");
    }

    [Fact]
    public void Plan_ClusterWithoutServiceCidrs_NoGroup()
    {
        var inventory = ArticleMesh.Build();
        var without = inventory with
        {
            Clusters = inventory.Clusters.Select(c => c.Name == "test-cluster2" ? c with { ServiceCidrs = ValueList<IPNetwork>.Empty } : c).ToValueList(),
        };

        var plan = Node001(without);

        Assert.Equal(["test-cluster3"], plan.Groups.Select(g => g.Cluster));
        Assert.Equal(["10.236.0.0/18"], plan.ServiceRoutes.Select(r => r.Destination.ToString()));
    }

    [Fact]
    public void Plan_ServicesRouted_AsksForTheL4MultipathHash()
    {
        var plan = Node001();

        var sysctl = Assert.Single(plan.Sysctls);
        Assert.Equal("net.ipv4.fib_multipath_hash_policy=1", sysctl.ToString());
    }

    [Fact]
    public void Plan_NoRemoteServiceRanges_NoGroupsAndNoSysctl()
    {
        var inventory = ArticleMesh.Build();
        var none = inventory with { Clusters = inventory.Clusters.Select(c => c with { ServiceCidrs = ValueList<IPNetwork>.Empty }).ToValueList() };

        var plan = Node001(none);

        Assert.Empty(plan.Groups);
        Assert.Empty(plan.ServiceRoutes);
        Assert.Empty(plan.Sysctls);
    }

    [Fact]
    public void Plan_HostGwPeer_MemberViaItsUnderlayOnTheUnderlayDevice()
    {
        var inventory = ArticleMesh.Builder().Mesh(m => m with { Backend = Backend.Auto }).Build();
        var facts = new NodeFacts("eth0", 1500, IPNetwork.Parse("192.168.0.0/24"));

        var plan = Planner.Plan(inventory, "multicluster-test-001", facts);

        var member = plan.Groups.Single(g => g.Cluster == "test-cluster2").Members.Single(m => m.Peer == "multicluster-test-003");
        Assert.Equal("via 192.168.0.16 dev eth0", member.ToString());
    }

    private static Inventory Without(Inventory inventory, string node) =>
        inventory with { Clusters = inventory.Clusters.Select(c => c with { Nodes = c.Nodes.Where(n => n.Name != node).ToValueList() }).ToValueList() };

    [Fact]
    public void Ids_AddingACluster_KeepsTheOthersIds()
    {
        var before = ServiceGroups.Ids(["a", "b", "c"]);
        var after = ServiceGroups.Ids(["a", "b", "c", "d"]);

        Assert.All(before, p => Assert.Equal(p.Value, after[p.Key]));
        Assert.Equal(4, after.Values.Distinct().Count());
    }

    [Fact]
    public void Members_MoreCandidatesThanTheCap_HighestRankedKept()
    {
        var candidates = Enumerable.Range(0, ServiceGroups.MaxMembers + 44)
            .Select(i => new GroupCandidate(1, new GroupMember($"n{i}", IPAddress.Parse($"198.18.{i / 250}.{1 + i % 250}"), "vx", true), ServiceGroups.Rank("self", $"n{i}")))
            .ToList();

        var members = ServiceGroups.Members(candidates);

        Assert.Equal(ServiceGroups.MaxMembers, members.Count);
        var cutoff = members.Min(m => ServiceGroups.Rank("self", m.Peer));
        Assert.All(candidates.Where(c => !members.Contains(c.Member)), c => Assert.True(c.Rank < cutoff));
    }

    [Fact]
    public void Members_CappedGroupLosesANonMember_Unchanged_LosesAMember_OneReplacement()
    {
        var candidates = Enumerable.Range(0, ServiceGroups.MaxMembers + 10)
            .Select(i => new GroupCandidate(1, new GroupMember($"n{i}", IPAddress.Parse($"198.18.{i / 250}.{1 + i % 250}"), "vx", true), ServiceGroups.Rank("self", $"n{i}")))
            .ToList();
        var members = ServiceGroups.Members(candidates);
        var outsider = candidates.First(c => !members.Contains(c.Member));
        var insider = candidates.First(c => members.Contains(c.Member));

        Assert.Equal(members, ServiceGroups.Members(candidates.Where(c => c != outsider)));
        var replaced = ServiceGroups.Members(candidates.Where(c => c != insider));
        Assert.Equal(ServiceGroups.MaxMembers, replaced.Count);
        Assert.Single(replaced.Except(members));
        Assert.Equal([insider.Member], members.Except(replaced));
    }
}
