using VxMesh.Lab.Verify;

namespace VxMesh.Lab.Tests.Verify;

public class CurlProbeTests
{
    [Fact]
    public void Parse_BodyThenTimings_GivesMilliseconds()
    {
        var outcome = CurlProbe.Parse("pod=p1 node=n1 cluster=c1 client=198.19.1.2\n\n200 0.000412 0.000910 0.000955")!;

        Assert.Equal(200, outcome.HttpCode);
        Assert.Equal("pod=p1 node=n1 cluster=c1 client=198.19.1.2\n", outcome.Body);
        Assert.Equal(0.412, outcome.ConnectMs);
        Assert.Equal(0.91, outcome.FirstByteMs);
        Assert.Equal(0.955, outcome.TotalMs);
    }

    [Fact]
    public void Parse_FailedConnection_HasCodeZeroAndNoBody()
    {
        var outcome = CurlProbe.Parse("\n000 0.000000 0.000000 3.001234")!;

        Assert.Equal(0, outcome.HttpCode);
        Assert.Equal("", outcome.Body);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("body\n200 x y z")]
    public void Parse_NoTimingLine_IsNull(string stdout)
    {
        Assert.Null(CurlProbe.Parse(stdout));
    }

    [Fact]
    public void Field_ReadsNginxsAnswer()
    {
        Assert.Equal("198.19.1.2", CurlProbe.Field("pod=p1 node=n1 cluster=c1 client=198.19.1.2\n", "client"));
        Assert.Equal("p1", CurlProbe.Field("pod=p1 node=n1", "pod"));
        Assert.Null(CurlProbe.Field("pod=p1", "client"));
    }

    [Fact]
    public void Command_IsSeeds004sTimingMethodWithABound()
    {
        var command = CurlProbe.Command("198.19.1.2");

        Assert.Equal("curl", command[0]);
        Assert.Contains(command, a => a.Contains("%{time_connect} %{time_starttransfer} %{time_total}", StringComparison.Ordinal));
        Assert.Equal("3", command[command.ToList().IndexOf("--max-time") + 1]);
        Assert.Equal("http://198.19.1.2/", command[^1]);
    }
}
