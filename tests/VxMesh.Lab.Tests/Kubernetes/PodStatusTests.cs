using VxMesh.Lab.Kubelet;

namespace VxMesh.Lab.Tests.Kubernetes;

public class PodStatusTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    private static ContainerSnapshot C(ContainerState state, bool ready = false, bool restarting = true, int restarts = 0) =>
        new("web", "nginx", CatalogImage.Nginx, state, null, ready, true, restarts, state is RunningState ? 42 : null, restarting);

    private static PodView View(string? unsupported, params ContainerSnapshot[] containers) =>
        new("198.19.47.3", "198.18.1.21", T0, containers, unsupported, []);

    [Fact]
    public void Phase_FollowsContainers()
    {
        Assert.Equal("Pending", PodStatusBuilder.Phase(View(null, C(new WaitingState("ContainerCreating")))));
        Assert.Equal("Running", PodStatusBuilder.Phase(View(null, C(new RunningState(T0)))));
        Assert.Equal("Running", PodStatusBuilder.Phase(View(null, C(new WaitingState("CrashLoopBackOff"), restarts: 2))));
        Assert.Equal("Succeeded", PodStatusBuilder.Phase(View(null, C(new TerminatedState(0, "Completed", T0, T0), restarting: false))));
        Assert.Equal("Failed", PodStatusBuilder.Phase(View(null, C(new TerminatedState(1, "Error", T0, T0), restarting: false))));
        Assert.Equal("Pending", PodStatusBuilder.Phase(View("the vxmesh lab node agent does not support spec.initContainers", C(new WaitingState("Unsupported")))));
    }

    [Fact]
    public void Build_ReadyTransitionIsRecordedOnce()
    {
        var view = View(null, C(new RunningState(T0)));
        var notReady = PodStatusBuilder.Build(view, T0);
        var ready = PodStatusBuilder.Build(view with { Containers = [C(new RunningState(T0), ready: true)] }, T0.AddSeconds(5));
        var again = PodStatusBuilder.Build(view with { Containers = [C(new RunningState(T0), ready: true)] }, T0.AddSeconds(9));

        Assert.Equal("False", notReady.Conditions.Single(c => c.Type == "Ready").Status);
        Assert.Equal("True", ready.Conditions.Single(c => c.Type == "Ready").Status);
        Assert.Equal(T0.AddSeconds(5).UtcDateTime, again.Conditions.Single(c => c.Type == "Ready").LastTransitionTime);
        Assert.Equal("vxmesh-lab://42", again.ContainerStatuses.Single().ContainerID);
        Assert.Equal("198.19.47.3", again.PodIP);
    }

    [Fact]
    public void ProbeCounter_ChangesVerdictOnlyAfterThresholds()
    {
        var counter = new ProbeCounter(new ProbeTiming(TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), 2, 3));

        Assert.False(counter.Record(true));
        Assert.Null(counter.Verdict);
        Assert.True(counter.Record(true));
        Assert.True(counter.Verdict);
        Assert.False(counter.Record(false));
        Assert.False(counter.Record(false));
        Assert.True(counter.Record(false));
        Assert.False(counter.Verdict);
    }
}
