using System.Net;
using VxMesh.Core.Loading;
using VxMesh.Core.Model;
using static VxMesh.Core.Tests.Loading.TestInventories;

namespace VxMesh.Core.Tests.Loading;

/// <summary>Whole-load behaviour: all problems at once, no inventory on failure, defaults, files.</summary>
public class LoaderBehaviourTests
{
    private const string ManyProblems = """
        mesh:
          vni: 0
          port: "4789"
          device: a-device-name-far-too-long
          backend: geneve
          speed: fast
        clusters:
          - name: alpha
            cni: cilium
            podCidrs: [10.10.0.1/16]
            serviceCidrs: [10.96.0.0/16]
            nodes:
              - name: alpha-1
                ip: 127.0.0.1
                vtepIp: 172.31.0.1
                vtepMac: 01:00:5e:00:00:01
                podCidrs: [10.10.1.0/24]
              - name: alpha-1
                ip: 192.168.1.12
                pod_cidrs: [10.10.2.0/24]
          - name: beta
            podCidrs: [10.96.128.0/17]
            nodes: oops

        """;

    private static readonly string[] ManyProblemKeys =
    [
        "mesh.vni",                          // out of range
        "mesh.port",                         // quoted number
        "mesh.device",                       // too long
        "mesh.backend",                      // unknown backend
        "mesh.speed",                        // unknown key
        "clusters[0].cni",                   // unknown cni
        "clusters[0].podCidrs[0]",           // host bits set
        "clusters[0].nodes[0].ip",           // loopback
        "clusters[0].nodes[0].vtepIp",       // no vtepCidr
        "clusters[0].nodes[0].vtepMac",      // multicast
        "clusters[0].nodes[1].name",         // duplicate node name
        "clusters[0].nodes[1].pod_cidrs",    // unknown key
        "clusters[0].nodes[1].podCidrs",     // missing
        "clusters[1].podCidrs[0]",           // overlaps alpha's service CIDR
        "clusters[1].nodes",                 // wrong type
    ];

    [Fact]
    public void Parse_ManyProblems_AllReportedInOneLoad()
    {
        var result = Load(ManyProblems);

        Assert.Null(result.Inventory);
        Assert.Equal(ManyProblemKeys.Length, result.Problems.Count);
        Assert.Equal(ManyProblemKeys.Order(StringComparer.Ordinal), result.Problems.Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Parse_ManyProblems_SortedByPosition()
    {
        var problems = Load(ManyProblems).Problems;

        Assert.Equal(problems.OrderBy(p => p.Line).ThenBy(p => p.Column), problems);
        Assert.All(problems, p => Assert.Equal(SourceName, p.File));
        Assert.All(problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Fix)));
    }

    [Fact]
    public void Parse_AnyProblem_InventoryNull()
    {
        var result = Load(With(("vni: 42", "vni: 42\n  mtu: 1")));

        Assert.Single(result.Problems);
        Assert.Null(result.Inventory);
        Assert.False(result.Ok);
    }

    [Fact]
    public void Problem_ToString_CompilerStyle()
    {
        var problem = new InventoryProblem("inv.yaml", 12, 5, "clusters[1].nodes[0].vtepMac", "bad", "do this");

        Assert.Equal("inv.yaml:12:5: clusters[1].nodes[0].vtepMac: bad (fix: do this)", problem.ToString());
    }

    [Fact]
    public void Parse_Problem_ToStringCarriesSourceLineAndColumn()
    {
        var problem = OnlyProblem(Load(With(("vni: 42", "vni: 0"))), "mesh.vni");

        Assert.Equal("test.yaml:2:8: mesh.vni: VNI 0 is outside 1..16777215 (fix: use a value in 1..16777215, e.g. vni: 10001)", problem.ToString());
    }

    [Fact]
    public void Parse_OnlyRequiredKeys_DefaultsApplied()
    {
        var yaml = "clusters:\n  - name: a\n    podCidrs: [10.0.0.0/16]\n    nodes:\n      - name: n\n        ip: 192.0.2.10\n        podCidrs: [10.0.1.0/24]\n";

        var result = Load(yaml);

        Assert.Empty(result.Problems);
        var inventory = result.Inventory!;
        Assert.Equal(MeshSettings.Default, inventory.Mesh);
        var cluster = Assert.Single(inventory.Clusters);
        Assert.Equal(CniKind.Other, cluster.Cni);
        Assert.Empty(cluster.ServiceCidrs);
        Assert.Null(cluster.PodMtu);
        var node = Assert.Single(cluster.Nodes);
        Assert.Null(node.UnderlayDev);
        Assert.Null(node.VtepIp);
        Assert.Equal(IPAddress.Parse("192.0.2.10"), node.Ip);
        Assert.Equal(VxMesh.Core.Addressing.VtepMacDerivation.Derive("a", "n"), node.VtepMac);
        Assert.Equal("test.yaml", inventory.Source);
    }

    [Fact]
    public void Parse_AllMeshSettings_Read()
    {
        var yaml = With(("vni: 42", "vni: 42\n  port: 8472\n  device: flannel.1\n  mtu: 1400\n  backend: host-gw\n  txChecksumOffload: false"),
            ("cni: flannel", "cni: flannel\n    podMtu: 1350"));

        var result = Load(yaml);

        Assert.Empty(result.Problems);
        var mesh = result.Inventory!.Mesh;
        Assert.Equal(new MeshSettings(42, 8472, "flannel.1", IPNetwork.Parse("172.31.0.0/24"), 1400, Backend.HostGw, false), mesh);
        Assert.Equal(1350, result.Inventory.FindCluster("beta")!.PodMtu);
    }

    [Theory]
    [InlineData("vxlan", Backend.Vxlan)]
    [InlineData("host-gw", Backend.HostGw)]
    [InlineData("auto", Backend.Auto)]
    public void Parse_Backend_MapsToEnum(string text, Backend expected)
    {
        var result = Load(With(("vni: 42", $"vni: 42\n  backend: {text}")));

        Assert.Equal(expected, result.Inventory!.Mesh.Backend);
    }

    [Fact]
    public void Parse_ValidDocument_DerivedValuesResolved()
    {
        var inventory = Load(Valid).Inventory!;

        var (_, node) = inventory.FindNode("alpha-2")!.Value;
        Assert.Equal(IPAddress.Parse("172.31.0.12"), node.VtepIp);
        Assert.Equal(VxMesh.Core.Addressing.VtepMacDerivation.Derive("alpha", "alpha-2"), node.VtepMac);
    }

    [Fact]
    public void Parse_SameText_EqualInventories()
    {
        Assert.Equal(Load(Valid).Inventory, Load(Valid).Inventory);
    }

    [Fact]
    public void LoadFile_Missing_ProblemNotException()
    {
        var path = Path.Combine(Path.GetTempPath(), $"vxmesh-missing-{Guid.NewGuid():N}.yaml");

        var result = InventoryLoader.LoadFile(path);

        Assert.Null(result.Inventory);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(path, problem.File);
        Assert.Equal("(file)", problem.Key);
        Assert.Contains("cannot read", problem.Problem);
    }

    [Fact]
    public void LoadFile_Directory_ProblemNotException()
    {
        var result = InventoryLoader.LoadFile(Path.GetTempPath());

        Assert.Null(result.Inventory);
        Assert.Equal("(file)", Assert.Single(result.Problems).Key);
    }

    [Fact]
    public void LoadFile_BadContent_ProblemsNameTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"vxmesh-bad-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, With(("vni: 42", "vni: 0")));
        try
        {
            var problem = Assert.Single(InventoryLoader.LoadFile(path).Problems);

            Assert.Equal(path, problem.File);
            Assert.Equal(2, problem.Line);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("{")]
    [InlineData("a: [1, 2\nb: 1\n")]
    [InlineData("clusters: [[[[")]
    [InlineData("*alias")]
    [InlineData("mesh: &a\n  vni: 1\nclusters: *a\n")]
    [InlineData("? [complex, key]\n: value\n")]
    [InlineData("\"\\xZZ\"")]
    [InlineData("clusters:\n  - 5\n  - [1]\n  - ~\n")]
    public void Parse_Garbage_ProblemsNotException(string yaml)
    {
        var result = Load(yaml);

        Assert.Null(result.Inventory);
        Assert.NotEmpty(result.Problems);
    }
}
