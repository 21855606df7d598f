using System.Net;
using VxMesh.Core.Rendering;
using VxMesh.Kubernetes.Controller;

namespace VxMesh.Kubernetes.Tests;

public class PoolPlanTests
{
    private static readonly RemotePool Pod2 = new("pod-test-cluster2", IPNetwork.Parse("198.19.128.0/18"), "test-cluster2", "pod");
    private static readonly RemotePool Svc2 = new("svc-test-cluster2", IPNetwork.Parse("198.19.192.0/18"), "test-cluster2", "svc");

    [Fact]
    public void Diff_EmptyCluster_CreatesEveryDesiredPool()
    {
        var changes = PoolPlan.Diff([Pod2, Svc2], []);

        Assert.Equal(["pod-test-cluster2", "svc-test-cluster2"], changes.Create.Select(p => p.Name));
        Assert.Empty(changes.Update);
        Assert.Empty(changes.Delete);
        Assert.False(changes.None);
    }

    [Fact]
    public void Diff_OursAsDesired_ChangesNothing()
    {
        var changes = PoolPlan.Diff([Pod2], [new ExistingPool(Pod2.Name, "198.19.128.0/18", NatOutgoing: false, Disabled: true, Ours: true)]);

        Assert.True(changes.None);
        Assert.Empty(changes.Conflicts);
    }

    [Theory]
    [InlineData("198.19.0.0/18", false, true)]
    [InlineData("198.19.128.0/18", true, true)]
    [InlineData("198.19.128.0/18", false, false)]
    public void Diff_OursDrifted_IsUpdated(string cidr, bool natOutgoing, bool disabled)
    {
        var changes = PoolPlan.Diff([Pod2], [new ExistingPool(Pod2.Name, cidr, natOutgoing, disabled, Ours: true)]);

        Assert.Equal([Pod2], changes.Update);
        Assert.Empty(changes.Create);
    }

    [Fact]
    public void Diff_ForeignPoolWithOurName_IsAConflictAndNeverTouched()
    {
        var foreign = new ExistingPool(Pod2.Name, "10.0.0.0/8", NatOutgoing: true, Disabled: false, Ours: false);

        var changes = PoolPlan.Diff([Pod2], [foreign]);

        Assert.Equal([Pod2.Name], changes.Conflicts);
        Assert.True(changes.None);
    }

    [Fact]
    public void Diff_OursNoLongerWanted_IsDeleted_ForeignUnwantedIsKept()
    {
        var existing = new[]
        {
            new ExistingPool("pod-test-cluster3", "198.19.64.0/18", false, true, Ours: true),
            new ExistingPool("default-ipv4-ippool", "198.18.64.0/18", true, false, Ours: false),
        };

        var changes = PoolPlan.Diff([], existing);

        Assert.Equal(["pod-test-cluster3"], changes.Delete);
        Assert.Empty(changes.Conflicts);
    }
}
