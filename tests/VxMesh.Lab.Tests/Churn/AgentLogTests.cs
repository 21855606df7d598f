using Microsoft.Extensions.Time.Testing;
using VxMesh.Lab.Churn;
using VxMesh.Lab.Runtime;

namespace VxMesh.Lab.Tests.Churn;

public class AgentLogTests
{
    // The console logger stamps local time; the fake clock's local zone is UTC.
    private static FakeTimeProvider At(string utc) => new(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Stamp_ReadsTheConsoleLoggersLocalTime_Today()
    {
        var time = At("2026-12-03T10:15:00Z");

        var stamp = AgentLog.Stamp("10:14:59.250 info: vxmesh.agent[421] /vxmesh/nodes/a/b: registered on lease 1: ip 192.0.2.1", time);

        Assert.Equal(DateTimeOffset.Parse("2026-12-03T10:14:59.250Z", System.Globalization.CultureInfo.InvariantCulture), stamp);
        Assert.Null(AgentLog.Stamp("not a log line", time));
    }

    [Fact]
    public void Stamp_OfALineFromBeforeMidnight_IsYesterdays()
    {
        var time = At("2026-12-03T00:00:30Z");

        var stamp = AgentLog.Stamp("23:59:59.900 info: x: registered on lease 1", time);

        Assert.Equal(DateTimeOffset.Parse("2026-12-02T23:59:59.900Z", System.Globalization.CultureInfo.InvariantCulture), stamp);
    }

    [Fact]
    public void FirstAfter_FindsTheFirstMatchingLineNotOlderThanTheGivenTime()
    {
        var time = At("2026-12-03T10:15:00Z");
        var paths = new LabPaths(Path.Combine(Path.GetTempPath(), $"vxlab-test-{Guid.NewGuid():N}"), "al");
        Directory.CreateDirectory(paths.NodeDirectory("n"));
        try
        {
            File.WriteAllLines(paths.AgentLog("n"),
            [
                "10:14:55.000 info: x k: registered on lease 1: old",
                "10:14:59.800 info: x pass (start): 0 changes",
                "10:14:59.900 info: x k: registered on lease 2: new",
            ]);
            var now = time.GetUtcNow();

            var found = AgentLog.FirstAfter(paths, "n", AgentLog.Registered, now - TimeSpan.FromSeconds(1), time);

            Assert.Equal(now - TimeSpan.FromMilliseconds(100), found);
            Assert.Null(AgentLog.FirstAfter(paths, "n", AgentLog.Deregistered, now - TimeSpan.FromSeconds(10), time));
            Assert.Null(AgentLog.FirstAfter(paths, "other", AgentLog.Registered, now - TimeSpan.FromSeconds(10), time));
        }
        finally
        {
            Directory.Delete(paths.Directory, recursive: true);
        }
    }
}
