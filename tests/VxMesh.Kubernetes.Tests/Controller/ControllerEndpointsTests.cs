using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using VxMesh.Agent.Metrics;
using VxMesh.Kubernetes.Controller;
using VxMesh.Tests.Shared;

namespace VxMesh.Kubernetes.Tests.Controller;

/// <summary>The controller's /healthz, /readyz and /metrics without a socket, on a fake clock.</summary>
public class ControllerEndpointsTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 4, 6, 0, 0, TimeSpan.Zero));
    private readonly ControllerHealth health;
    private readonly ControllerMetrics metrics = new();
    private readonly ControllerEndpoints endpoints;

    public ControllerEndpointsTests()
    {
        health = new ControllerHealth("vxmesh-controller-a", clock);
        endpoints = new ControllerEndpoints(health, metrics);
    }

    [Fact]
    public void Readyz_BeforeAnyLeaderIsKnown_NotReady_ButLive()
    {
        Assert.Equal(503, endpoints.Answer("/readyz").Status);
        Assert.Equal(200, endpoints.Answer("/healthz").Status);
        Assert.Equal("standby", Field(endpoints.Answer("/readyz").Body, "role"));
    }

    [Fact]
    public void Readyz_StandbyWhileAnotherReplicaLeads_Ready()
    {
        health.LeaderIs("vxmesh-controller-b");

        var reply = endpoints.Answer("/readyz");

        Assert.Equal(200, reply.Status);
        Assert.Equal("vxmesh-controller-b", Field(reply.Body, "leader"));
        Assert.Equal("application/json", reply.ContentType);
    }

    [Fact]
    public void Readyz_Leader_NotReadyUntilItsFirstPassWithTheRegistry_ThenReady()
    {
        health.LeaderIs("vxmesh-controller-a");
        health.StartedLeading();
        Assert.Equal(503, endpoints.Answer("/readyz").Status);

        health.Passed(viewUsable: false);
        Assert.Equal(503, endpoints.Answer("/readyz").Status);

        health.Passed(viewUsable: true);
        var reply = endpoints.Answer("/readyz");
        Assert.Equal(200, reply.Status);
        Assert.Equal("leader", Field(reply.Body, "role"));
    }

    [Fact]
    public void Readyz_Leader_RegistryUnreachableLongerThanTheFreshnessWindow_NotReady()
    {
        health.StartedLeading();
        health.Passed(viewUsable: true);
        clock.Advance(ControllerEndpoints.FreshWithin);
        Assert.Equal(200, endpoints.Answer("/readyz").Status);

        clock.Advance(TimeSpan.FromSeconds(1));
        health.Passed(viewUsable: false);

        Assert.Equal(503, endpoints.Answer("/readyz").Status);
    }

    [Fact]
    public void Readyz_LeaderLosesTheLease_ConvergesAgainInItsNextTerm()
    {
        health.StartedLeading();
        health.Passed(viewUsable: true);
        health.StoppedLeading();
        health.StartedLeading();

        Assert.Equal(503, endpoints.Answer("/readyz").Status);
        Assert.Null(health.Converged);
    }

    [Fact]
    public void Healthz_LeaderWhosePassLoopStopsTurning_NotLive()
    {
        health.StartedLeading();
        clock.Advance(ControllerEndpoints.LiveWithin);
        Assert.Equal(200, endpoints.Answer("/healthz").Status);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(503, endpoints.Answer("/healthz").Status);

        health.Turned();
        Assert.Equal(200, endpoints.Answer("/healthz").Status);
    }

    [Fact]
    public void Metrics_ParseAsPrometheusText_AndMoveWithTheController()
    {
        var before = ExpositionParser.Parse(endpoints.Answer("/metrics").Body);
        Assert.Equal(1, before[$"vxmesh_build_info{{version=\"{AgentMetrics.Version}\"}}"]);
        Assert.Equal(0, before["vxmesh_controller_leader"]);
        Assert.True(double.IsNaN(before["vxmesh_controller_service_imports"]));

        metrics.Leading(true);
        metrics.Pass("pools", "ok", TimeSpan.FromMilliseconds(20), clock.GetUtcNow());
        metrics.Pass("services", "error", TimeSpan.FromMilliseconds(3), clock.GetUtcNow());
        metrics.Wrote("IPPool", "apply", 4);
        metrics.Wrote("IPPool", "delete", 0);
        metrics.Observed(connected: true, new Dictionary<string, int> { ["test-cluster2"] = 2, ["test-cluster3"] = 0 });
        metrics.Problems("pools", new Dictionary<string, int> { ["NotRegistered"] = 1 });
        metrics.Services(exported: 1, imported: 3);
        metrics.RegistryLoads = () => 2;
        var reply = endpoints.Answer("/metrics");
        var after = ExpositionParser.Parse(reply.Body);

        Assert.Equal(PrometheusText.ContentType, reply.ContentType);
        Assert.Equal(1, after["vxmesh_controller_leader"]);
        Assert.Equal(1, after["vxmesh_controller_leader_terms_total"]);
        Assert.Equal(1, after["vxmesh_controller_passes_total{loop=\"pools\",outcome=\"ok\"}"]);
        Assert.Equal(1, after["vxmesh_controller_passes_total{loop=\"services\",outcome=\"error\"}"]);
        Assert.Equal(4, after["vxmesh_controller_api_writes_total{kind=\"IPPool\",action=\"apply\"}"]);
        Assert.False(after.ContainsKey("vxmesh_controller_api_writes_total{kind=\"IPPool\",action=\"delete\"}"));
        Assert.Equal(2, after["vxmesh_controller_remote_cluster_nodes{cluster=\"test-cluster2\"}"]);
        Assert.Equal(0, after["vxmesh_controller_remote_cluster_nodes{cluster=\"test-cluster3\"}"]);
        Assert.Equal(1, after["vxmesh_controller_problems{loop=\"pools\",reason=\"NotRegistered\"}"]);
        Assert.Equal(1, after["vxmesh_controller_registry_connected"]);
        Assert.Equal(3, after["vxmesh_controller_service_imports"]);
        Assert.Equal(2, after["vxmesh_controller_registry_full_loads_total"]);
        Assert.Equal(1, after["vxmesh_controller_pass_duration_seconds_count"]);
        Assert.Equal(1, after["vxmesh_controller_pass_duration_seconds_bucket{le=\"0.025\"}"]);
        Assert.Equal(clock.GetUtcNow().ToUnixTimeSeconds(), after["vxmesh_controller_last_success_timestamp_seconds"]);
    }

    [Fact]
    public void Metrics_ProblemsThatEnd_LeaveTheFamily()
    {
        metrics.Problems("pools", new Dictionary<string, int> { ["PoolConflict"] = 2 });
        metrics.Problems("pools", new Dictionary<string, int>());

        Assert.DoesNotContain(ExpositionParser.Parse(endpoints.Answer("/metrics").Body).Keys, k => k.StartsWith("vxmesh_controller_problems{", StringComparison.Ordinal));
    }

    [Fact]
    public void UnknownPath_NotFound_NamingThePaths()
    {
        var reply = endpoints.Answer("/peers");

        Assert.Equal(404, reply.Status);
        Assert.Contains("/readyz", reply.Body, StringComparison.Ordinal);
    }

    private static string? Field(string json, string name) => JsonDocument.Parse(json).RootElement.GetProperty(name).GetString();
}
