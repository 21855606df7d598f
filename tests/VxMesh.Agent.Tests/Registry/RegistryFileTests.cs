using VxMesh.Agent.Registry.Etcd;
using VxMesh.Agent.Tests.Registry.Support;
using VxMesh.Core.Model;

namespace VxMesh.Agent.Tests.Registry;

/// <summary>What `registry load` reads from a file: the loader's rules, except that clusters may list no nodes.</summary>
public sealed class RegistryFileTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch;

    [Theory]
    [InlineData("")]
    [InlineData("\n    nodes:")]
    [InlineData("\n    nodes: []")]
    public void Parse_ClusterWithoutNodes_Accepted(string nodes)
    {
        var yaml = TestRegistry.Inventory.Replace("cni: flannel", "cni: flannel" + nodes);

        var (contents, problems) = RegistryFile.Parse(yaml, "f.yaml", Now);

        Assert.Empty(problems);
        Assert.Equal(["east", "west"], contents!.Clusters.Select(c => c.Name));
        Assert.Equal(new MeshRecord(4242, 4789, "vxm-test", System.Net.IPNetwork.Parse("198.19.250.0/24"), null, Backend.Vxlan, true, Now), contents.Mesh);
        Assert.Equal(CniKind.Flannel, contents.Clusters[1].Cni);
        Assert.Empty(contents.Nodes);
    }

    [Fact]
    public void Parse_DefaultsAndEnums_AsTheLoaderWouldApplyThem()
    {
        var yaml = "mesh:\n  backend: host-gw\n  mtu: 1400\n  txChecksumOffload: false\nclusters:\n  - name: a\n    podCidrs: [198.18.0.0/20]\n    podMtu: 1380\n";

        var (contents, problems) = RegistryFile.Parse(yaml, "f.yaml", Now);

        Assert.Empty(problems);
        Assert.Equal(new MeshRecord(MeshSettings.DefaultVni, MeshSettings.DefaultPort, MeshSettings.DefaultDevice, null, 1400, Backend.HostGw, false, Now), contents!.Mesh);
        Assert.Equal(CniKind.Other, contents.Clusters[0].Cni);
        Assert.Equal(1380, contents.Clusters[0].PodMtu);
    }

    [Fact]
    public void Parse_OtherProblems_StillReported_WithoutTheWaivedOne()
    {
        var yaml = TestRegistry.Inventory.Replace("cni: calico", "cni: cilium");

        var (contents, problems) = RegistryFile.Parse(yaml, "f.yaml", Now);

        Assert.Null(contents);
        var problem = Assert.Single(problems);
        Assert.Equal("clusters[0].cni", problem.Key);
    }
}
