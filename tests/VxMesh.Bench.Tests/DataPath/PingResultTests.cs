using VxMesh.Bench.DataPath.Tools;

namespace VxMesh.Bench.Tests.DataPath;

public sealed class PingResultTests
{
    [Fact]
    public void Parse_FiveReplies_EveryRttAndNoLoss()
    {
        var r = PingResult.Parse(Fixture.Text("ping-5.txt"));

        Assert.Equal([0.217, 0.113, 0.115, 0.116, 0.108], r.RttMs);
        Assert.Equal(5, r.Sent);
        Assert.Equal(0, r.Lost);
        Assert.Equal(0.115, Stats.Median(r.RttMs.ToList()));
    }

    [Fact]
    public void Parse_NetUnreachable_NoRttAndTheEchoLost()
    {
        var r = PingResult.Parse(Fixture.Text("ping-unreachable.txt"));

        Assert.Empty(r.RttMs);
        Assert.Equal(1, r.Sent);
        Assert.Equal(1, r.Lost);
    }

    [Fact]
    public void Command_BoundedCountIntervalAndDeadline()
    {
        var to = new Bench.DataPath.Paths.BenchEndpoint("p", "ns", System.Net.IPAddress.Parse("198.19.0.2"), "n", "c", "s", IsPod: true);

        var command = Ping.Command(to, 20);

        Assert.Equal(["ping", "-n", "-c", "20", "-i", "0.01", "-W", "1", "-w", "4", "198.19.0.2"], command);
    }
}
