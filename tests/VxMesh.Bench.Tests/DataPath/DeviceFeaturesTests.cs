using VxMesh.Bench.DataPath.Offloads;

namespace VxMesh.Bench.Tests.DataPath;

public sealed class DeviceFeaturesTests
{
    [Fact]
    public void Parse_VethAsTheLabSetsIt_OffloadsOnGroOff()
    {
        var f = DeviceFeatures.Parse("ns", "eth0", Fixture.Text("ethtool-veth-on.json"));

        Assert.True(f.IsActive("tx-checksumming"));
        Assert.True(f.IsActive("tcp-segmentation-offload"));
        Assert.True(f.IsActive("generic-segmentation-offload"));
        Assert.False(f.IsActive("generic-receive-offload"));
        Assert.False(f.Requested.ContainsKey("tx-checksumming")); // an aggregate: no requested value of its own
        Assert.False(f.Requested.ContainsKey("large-receive-offload")); // fixed
    }

    [Fact]
    public void Parse_VxlanAndBridge_GroOnByDefault()
    {
        Assert.True(DeviceFeatures.Parse("ns", "vxmesh0", Fixture.Text("ethtool-vxlan-on.json")).IsActive("generic-receive-offload"));
        Assert.True(DeviceFeatures.Parse("ns", "br-shared", Fixture.Text("ethtool-bridge-on.json")).IsActive("generic-receive-offload"));
    }

    [Fact]
    public void RestoreArguments_AfterTsoGsoGroTxOff_ExactlyTheChangedFeaturesBack()
    {
        var before = DeviceFeatures.Parse("ns", "eth0", Fixture.Text("ethtool-veth-on.json"));
        var after = DeviceFeatures.Parse("ns", "eth0", Fixture.Text("ethtool-veth-off.json"));

        var args = before.RestoreArguments(after);

        Assert.Equal(
        [
            "generic-segmentation-offload", "on",
            "tx-checksum-ip-generic", "on",
            "tx-checksum-sctp", "on",
            "tx-tcp-accecn-segmentation", "on",
            "tx-tcp-ecn-segmentation", "on",
            "tx-tcp-mangleid-segmentation", "on",
            "tx-tcp-segmentation", "on",
            "tx-tcp6-segmentation", "on",
        ], args);
        Assert.DoesNotContain("tx-udp-segmentation", args); // still requested on: `tx on` would not be exact, this is
        Assert.Contains("tcp-segmentation-offload", before.Differences(after));
        Assert.Empty(before.RestoreArguments(before));
        Assert.Empty(before.Differences(before));
    }

    [Fact]
    public void Switches_TheFourOffloadsByTheirEthtoolNames() =>
        Assert.Equal(["tso", "gso", "gro", "tx"], DeviceFeatures.Switches.Select(s => s.Switch));
}
