using VxMesh.Lab.Registry;
using VxMesh.Lab.Scripts;
using VxMesh.Lab.Topology;
using static VxMesh.Lab.Tests.Support.TestTopologies;

namespace VxMesh.Lab.Tests.Registry;

public class EtcdPlacementTests
{
    [Fact]
    public void Choose_Seed_TakesTheFirstFreeSlash30()
    {
        var etcd = EtcdPlacement.Choose(LabLoader.LoadPreset("seed", "sd").Topology!);

        Assert.Equal("vxlab-sd-etcd", etcd.Namespace);
        Assert.Equal("198.18.0.0/30", etcd.Link.ToString());
        Assert.Equal(("198.18.0.1", "198.18.0.2"), (etcd.FabricAddress.ToString(), etcd.Address.ToString()));
        Assert.Equal("https://198.18.0.2:2379", etcd.ClientUrl);
    }

    [Fact]
    public void Choose_SkipsEverythingTheTopologyUses()
    {
        var yaml = With(Tiny,
            ("{name: net, cidr: 203.0.113.0/24}", "{name: net, cidr: 203.0.113.0/24}\n    - {name: low, cidr: 198.18.0.0/24}"),
            ("serviceCidrs: [198.18.128.0/20]", "serviceCidrs: [198.18.1.0/24]"));

        var etcd = EtcdPlacement.Choose(TopologyOf(yaml, "pl"));

        Assert.Equal("198.18.2.0/30", etcd.Link.ToString());
    }

    [Fact]
    public void BuildPlan_WithEtcd_LinksItToTheFabricAndGivesItADefaultRoute()
    {
        var plan = BuildPlan.Create(TopologyOf(EtcdChurn, "ch"), withEtcd: true);

        Assert.Contains("vxlab-ch-etcd", plan.Namespaces);
        Assert.Contains("link add veth-etcd type veth peer name eth0 netns vxlab-ch-etcd", plan.Fabric.Ip);
        Assert.Contains("addr add 198.18.0.1/30 dev veth-etcd", plan.Fabric.Ip);
        Assert.Equal(["link set lo up", "addr add 198.18.0.2/30 dev eth0", "link set eth0 up", "route add default via 198.18.0.1 dev eth0"],
            plan.EtcdNamespace!.Ip);
        Assert.All(plan.Fabric.Ip.Concat(plan.EtcdNamespace.Ip).SelectMany(l => l.Split(' ')).Where(w => w.StartsWith("veth", StringComparison.Ordinal)),
            name => Assert.True(name.Length <= 15, name));
    }

    [Fact]
    public void BuildPlan_WithoutEtcd_HasNoEtcd()
    {
        var plan = BuildPlan.Create(TopologyOf(EtcdChurn, "ch"));

        Assert.Null(plan.Etcd);
        Assert.DoesNotContain(plan.Fabric.Ip, l => l.Contains("etcd", StringComparison.Ordinal));
    }
}
