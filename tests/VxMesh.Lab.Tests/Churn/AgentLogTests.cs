using VxMesh.Lab.Churn;
using VxMesh.Lab.Runtime;

namespace VxMesh.Lab.Tests.Churn;

public class AgentLogTests
{
    [Fact]
    public void Stamp_ReadsTheConsoleLoggersLocalTime()
    {
        var stamp = AgentLog.Stamp("00:00:00.250 info: vxmesh.agent[421] /vxmesh/nodes/a/b: registered on lease 1: ip 192.0.2.1");

        Assert.NotNull(stamp);
        Assert.Equal(250, stamp.Value.Millisecond);
        Assert.True(stamp <= DateTimeOffset.Now + TimeSpan.FromMinutes(1));
        Assert.Null(AgentLog.Stamp("not a log line"));
    }

    [Fact]
    public void FirstAfter_FindsTheFirstMatchingLineNotOlderThanTheGivenTime()
    {
        var paths = new LabPaths(Path.Combine(Path.GetTempPath(), $"vxlab-test-{Guid.NewGuid():N}"), "al");
        Directory.CreateDirectory(paths.NodeDirectory("n"));
        try
        {
            var now = DateTimeOffset.Now;
            string Line(TimeSpan offset, string text) => $"{(now + offset).ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture)} info: x {text}";
            File.WriteAllLines(paths.AgentLog("n"),
            [
                Line(TimeSpan.FromSeconds(-5), "k: registered on lease 1: old"),
                Line(TimeSpan.FromMilliseconds(-200), "pass (start): 0 changes"),
                Line(TimeSpan.FromMilliseconds(-100), "k: registered on lease 2: new"),
            ]);

            var found = AgentLog.FirstAfter(paths, "n", AgentLog.Registered, now - TimeSpan.FromSeconds(1));

            Assert.NotNull(found);
            Assert.InRange((now - found.Value).TotalMilliseconds, 99, 102);
            Assert.Null(AgentLog.FirstAfter(paths, "n", AgentLog.Deregistered, now - TimeSpan.FromSeconds(10)));
        }
        finally
        {
            Directory.Delete(paths.Directory, recursive: true);
        }
    }
}
