using VxMesh.Lab.Verify;

namespace VxMesh.Bench.Tests.DataPath;

/// <summary>The bench times requests with verify's curl command and parser; this pins them to curl's real output.</summary>
public sealed class CurlOutputTests
{
    [Fact]
    public void Parse_RealAnswer_SeedsFourTimingsInMilliseconds()
    {
        var outcome = CurlProbe.Parse(Fixture.Text("curl-ok.txt"));

        Assert.NotNull(outcome);
        Assert.Equal(200, outcome.HttpCode);
        Assert.Equal(0.261, outcome.ConnectMs);
        Assert.Equal(0.493, outcome.FirstByteMs);
        Assert.Equal(0.526, outcome.TotalMs);
        Assert.Equal("f1-pod1", CurlProbe.Field(outcome.Body, "pod"));
    }

    [Fact]
    public void Command_WritesTheThreeSeedsTimings()
    {
        var command = string.Join(' ', CurlProbe.Command("198.19.32.2"));

        Assert.Contains("%{time_connect} %{time_starttransfer} %{time_total}", command);
        Assert.Contains("--max-time", command);
    }
}
