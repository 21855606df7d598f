using System.Net;
using VxMesh.Agent.Probing;

namespace VxMesh.Agent.Tests.Probing;

public class PeerHealthTableTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 6, 0, 0, TimeSpan.Zero);
    private static readonly ProbeTarget A = new("c1", "a", IPAddress.Parse("198.18.250.1"));
    private static readonly ProbeTarget B = new("c2", "b", IPAddress.Parse("198.18.250.2"));

    [Fact]
    public void DownVersion_ChangesExactlyWhenTheDownSetMayHave()
    {
        var table = new PeerHealthTable(new ProbeThresholds(DownAfter: 1, UpAfter: 1));
        table.SetTargets([A, B], T0);
        var start = table.DownVersion;

        table.Record(B, TimeSpan.FromMilliseconds(1), T0);
        Assert.Equal(start, table.DownVersion);
        table.Record(A, null, T0);
        var down = table.DownVersion;
        Assert.NotEqual(start, down);
        table.SetTargets([A, B, new ProbeTarget("c3", "c", IPAddress.Parse("198.18.250.3"))], T0);
        Assert.Equal(down, table.DownVersion);
        table.SetTargets([B], T0);
        Assert.NotEqual(down, table.DownVersion);
    }

    [Fact]
    public void SetTargets_PeerLeaves_GoneFromSnapshotAndDownSet()
    {
        var table = new PeerHealthTable(new ProbeThresholds(DownAfter: 1));
        table.SetTargets([A, B], T0);
        table.Record(A, null, T0);

        Assert.Equal([("c1", "a")], table.Down());
        table.SetTargets([B], T0);

        Assert.Empty(table.Down());
        Assert.Equal([B], table.Snapshot().Select(p => p.Target));
    }

    [Fact]
    public void SetTargets_VtepMoves_StateStartsAgain()
    {
        var table = new PeerHealthTable(new ProbeThresholds(DownAfter: 1));
        table.SetTargets([A], T0);
        table.Record(A, null, T0);

        var moved = A with { Vtep = IPAddress.Parse("198.18.250.9") };
        table.SetTargets([moved], T0 + TimeSpan.FromSeconds(1));
        table.Record(A, null, T0);

        Assert.Equal(PathHealth.Unknown, table.Snapshot().Single().State.Health);
        Assert.Equal(0, table.Snapshot().Single().State.Sent);
    }

    [Fact]
    public void Snapshot_SortedByClusterThenNode()
    {
        var table = new PeerHealthTable();
        table.SetTargets([B, A, new ProbeTarget("c1", "0", IPAddress.Loopback)], T0);

        Assert.Equal(["c1/0", "c1/a", "c2/b"], table.Snapshot().Select(p => $"{p.Target.Cluster}/{p.Target.Node}"));
    }

    [Fact]
    public void Record_PathGoesDownAndComesBack_DownChangedOnceEachWay()
    {
        var table = new PeerHealthTable(new ProbeThresholds(DownAfter: 2, UpAfter: 1));
        table.SetTargets([A], T0);
        var raised = 0;
        table.DownChanged += () => raised++;

        table.Record(A, null, T0);
        Assert.Equal(0, raised);
        table.Record(A, null, T0 + TimeSpan.FromSeconds(1));
        table.Record(A, null, T0 + TimeSpan.FromSeconds(2));
        Assert.Equal(1, raised);
        Assert.Equal([("c1", "a")], table.Down());

        table.Record(A, TimeSpan.FromMilliseconds(1), T0 + TimeSpan.FromSeconds(3));
        Assert.Equal(2, raised);
        Assert.Empty(table.Down());
    }

    [Fact]
    public void Expire_OnlyTheSilentPeerGoesDown_DownChangedOnce()
    {
        var detection = TimeSpan.FromSeconds(3);
        var table = new PeerHealthTable();
        table.SetTargets([A, B], T0);
        table.Record(A, TimeSpan.FromMilliseconds(1), T0 + TimeSpan.FromSeconds(1));
        var raised = 0;
        table.DownChanged += () => raised++;

        Assert.Equal(T0 + detection, table.NextExpiry(detection));
        Assert.Empty(table.Expire(T0 + detection - TimeSpan.FromTicks(1), detection));
        Assert.Equal([B], table.Expire(T0 + detection, detection));

        Assert.Equal(1, raised);
        Assert.Equal([("c2", "b")], table.Down());
        Assert.Equal(T0 + TimeSpan.FromSeconds(1) + detection, table.NextExpiry(detection));
        Assert.Empty(table.Expire(T0 + TimeSpan.FromSeconds(3.5), detection));
        Assert.Equal(1, raised);
    }
}
