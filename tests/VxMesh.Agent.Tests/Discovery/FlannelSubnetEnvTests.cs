using VxMesh.Agent.Discovery;

namespace VxMesh.Agent.Tests.Discovery;

public sealed class FlannelSubnetEnvTests
{
    [Theory]
    [InlineData("FLANNEL_NETWORK=198.18.0.0/16\nFLANNEL_SUBNET=198.18.161.1/24\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true\n", "198.18.161.0/24")]
    [InlineData("FLANNEL_SUBNET=\"198.18.162.65/26\"", "198.18.162.64/26")]
    [InlineData("  FLANNEL_SUBNET=2001:db8:0:5::1/64  ", "2001:db8:0:5::/64")]
    public void Parse_FlannelSubnet_GivesTheBlock(string text, string block) =>
        Assert.Equal(block, FlannelSubnetEnv.Parse(text)?.ToString());

    [Theory]
    [InlineData("")]
    [InlineData("FLANNEL_NETWORK=198.18.0.0/16")]
    [InlineData("FLANNEL_SUBNET=not-an-address/24")]
    [InlineData("FLANNEL_SUBNET=198.18.161.1/33")]
    public void Parse_NoUsableSubnet_GivesNull(string text) => Assert.Null(FlannelSubnetEnv.Parse(text));

    [Fact]
    public void Read_MissingFile_GivesNull() => Assert.Null(FlannelSubnetEnv.Read($"/nonexistent/{Guid.NewGuid():N}/subnet.env"));
}
