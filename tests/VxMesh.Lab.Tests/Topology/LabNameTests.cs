using VxMesh.Lab.Topology;

namespace VxMesh.Lab.Tests.Topology;

public class LabNameTests
{
    [Theory]
    [InlineData("examples/lab-seed.yaml", "seed")]
    [InlineData("/tmp/My_Lab.yml", "mylab")]
    [InlineData("lab-very-long-topology.yaml", "verylong")]
    [InlineData("---.yaml", "lab")]
    public void FromFile_DerivesAValidName(string path, string expected)
    {
        Assert.Equal(expected, LabName.FromFile(path));
        Assert.True(LabName.IsValid(LabName.FromFile(path)));
    }

    [Theory]
    [InlineData("vxlab-seed-fabric", "seed")]
    [InlineData("vxlab-seed2-multicluster-test-001-pod1", "seed2")]
    [InlineData("vxnl-probe", null)]
    [InlineData("vxlab-UPPER-x", null)]
    public void OwnerOf_FindsTheLabOfANamespace(string ns, string? lab)
    {
        Assert.Equal(lab, LabName.OwnerOf(ns));
    }

    [Fact]
    public void Prefix_OfOneLabIsNeverAPrefixOfAnothersNamespaces()
    {
        Assert.False(LabName.Namespace("seed2", "fabric").StartsWith(LabName.Prefix("seed"), StringComparison.Ordinal));
    }
}
