using FsCheck.Xunit;
using VxMesh.Core.Addressing;
using VxMesh.Core.Model;

namespace VxMesh.Core.Tests.Loading;

public class VtepMacDerivationTests
{
    [Fact]
    public void Derive_SameNames_SameMac()
    {
        Assert.Equal(
            VtepMacDerivation.Derive("test-cluster1", "multicluster-test-001"),
            VtepMacDerivation.Derive("test-cluster1", "multicluster-test-001"));
    }

    [Fact]
    public void Derive_KnownInput_MatchesHashDefinition()
    {
        // Pinned so an accidental change of the derivation (which would change every node's
        // MAC on upgrade and leave peers with stale FDB entries) fails loudly.
        var digest = System.Security.Cryptography.SHA256.HashData("vxmesh-vtep:test-cluster1/multicluster-test-001"u8);
        var expected = digest[..6];
        expected[0] = (byte)((expected[0] | 0x02) & 0xFE);

        Assert.Equal(expected, VtepMacDerivation.Derive("test-cluster1", "multicluster-test-001").GetAddressBytes());
    }

    [Fact]
    public void Derive_NodeInDifferentCluster_DifferentMac()
    {
        Assert.NotEqual(VtepMacDerivation.Derive("a", "node-1"), VtepMacDerivation.Derive("b", "node-1"));
    }

    [Fact]
    public void Derive_SeparatorIsPartOfInput_NoAmbiguity()
    {
        Assert.NotEqual(VtepMacDerivation.Derive("a-b", "c"), VtepMacDerivation.Derive("a", "b-c"));
    }

    [Property]
    public bool Derive_AnyNames_LocallyAdministeredUnicast(string? cluster, string? node)
    {
        var mac = VtepMacDerivation.Derive(cluster ?? "", node ?? "");
        var bytes = mac.GetAddressBytes();
        return bytes.Length == 6 && !Mac.IsMulticast(mac) && (bytes[0] & 0x02) != 0 && !Mac.IsZero(mac);
    }

    [Property]
    public bool Derive_AnyNames_Deterministic(string? cluster, string? node) =>
        VtepMacDerivation.Derive(cluster ?? "", node ?? "").Equals(VtepMacDerivation.Derive(cluster ?? "", node ?? ""));
}
