using VxMesh.Bench.DataPath.Tools;

namespace VxMesh.Bench.Tests.DataPath;

public sealed class IperfResultTests
{
    [Fact]
    public void Parse_PodOverVxlanOneStream_ReceiverRateRetransmitsAndPodMss()
    {
        var r = IperfResult.Parse(Fixture.Text("iperf3-pod-vxlan-1stream.json"), 1);

        Assert.True(r.Ok);
        Assert.Equal(1_893_106_292.705, r.BitsPerSecond, 3);
        Assert.Equal(1398, r.MssBytes); // 1450-byte pod MTU: 1450 - 52
        Assert.Equal(0, r.Retransmits);
        Assert.Null(r.Error);
    }

    [Fact]
    public void Parse_FourStreamsWithRepeatedKeys_ReadsTheSums()
    {
        // iperf3 3.12 writes sock_bufsize, sndbuf_actual and rcvbuf_actual once per stream into `start`.
        var json = Fixture.Text("iperf3-pod-vxlan-4streams.json");
        Assert.Equal(4, json.Split("\"sock_bufsize\"").Length - 1);

        var r = IperfResult.Parse(json, 4);

        Assert.True(r.Ok);
        Assert.Equal(4, r.Streams);
        Assert.True(r.Gbps > 0);
        Assert.Equal(1398, r.MssBytes);
    }

    [Fact]
    public void Parse_NodeToNode_UnderlayMss()
    {
        var r = IperfResult.Parse(Fixture.Text("iperf3-node-1stream.json"), 1);

        Assert.Equal(1448, r.MssBytes);
        Assert.True(r.Gbps > 1);
    }

    [Fact]
    public void Parse_ConnectionRefused_FailsWithIperfsOwnError()
    {
        var r = IperfResult.Parse(Fixture.Text("iperf3-refused.json"), 1);

        Assert.False(r.Ok);
        Assert.Equal("unable to connect to server: Connection refused", r.Error);
        Assert.Equal(0, r.Gbps);
    }

    [Theory]
    [InlineData("")]
    [InlineData("iperf3: error - unable to connect")]
    [InlineData("{\"start\": {}, \"end\": {}}")]
    public void Parse_NotAReport_Fails(string output) => Assert.False(IperfResult.Parse(output, 1).Ok);
}
