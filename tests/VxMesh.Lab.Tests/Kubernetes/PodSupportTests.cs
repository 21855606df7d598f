using k8s.Models;
using VxMesh.Lab.Kubelet;

namespace VxMesh.Lab.Tests.Kubernetes;

public class PodSupportTests
{
    private static V1Pod Pod(Action<V1PodSpec>? change = null, V1Container? container = null)
    {
        var spec = new V1PodSpec { Containers = [container ?? new V1Container { Name = "web", Image = "nginx:1.19" }] };
        change?.Invoke(spec);
        return new V1Pod { Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "default", Uid = "u1" }, Spec = spec };
    }

    [Fact]
    public void Check_PlainNginxWithProbesAndVolumes_Runs()
    {
        var container = new V1Container
        {
            Name = "web",
            Image = "nginx",
            ReadinessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Port = "80", Path = "/" } },
            LivenessProbe = new V1Probe { TcpSocket = new V1TCPSocketAction { Port = "80" } },
            Lifecycle = new V1Lifecycle { PreStop = new V1LifecycleHandler { Exec = new V1ExecAction { Command = ["sleep", "5"] } } },
            Env = [new V1EnvVar { Name = "NODE", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "spec.nodeName" } } }],
            VolumeMounts = [new V1VolumeMount { Name = "data", MountPath = "/usr/share/nginx/html" }],
        };
        var report = PodSupport.Check(Pod(s => s.Volumes = [new V1Volume { Name = "data", HostPath = new V1HostPathVolumeSource { Path = "/data" } }], container));

        Assert.True(report.CanRun, report.Message);
        Assert.Empty(report.NotEnforced);
    }

    [Fact]
    public void Check_UnsupportedFields_AreNamed()
    {
        var container = new V1Container
        {
            Name = "app",
            Image = "redis:7",
            Lifecycle = new V1Lifecycle { PostStart = new V1LifecycleHandler { Exec = new V1ExecAction { Command = ["true"] } } },
            Ports = [new V1ContainerPort { ContainerPort = 6379, HostPort = 6379 }],
        };
        var report = PodSupport.Check(Pod(s =>
        {
            s.InitContainers = [new V1Container { Name = "init", Image = "busybox" }];
            s.Volumes = [new V1Volume { Name = "claim", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = "c" } }];
        }, container));

        Assert.False(report.CanRun);
        Assert.Contains(report.Unsupported, p => p == "spec.initContainers");
        Assert.Contains(report.Unsupported, p => p.StartsWith("spec.containers[0].image redis:7", StringComparison.Ordinal));
        Assert.Contains(report.Unsupported, p => p.StartsWith("spec.volumes[0] (claim)", StringComparison.Ordinal));
        Assert.Contains(report.Unsupported, p => p == "spec.containers[0].lifecycle.postStart");
        Assert.Contains(report.Unsupported, p => p.StartsWith("spec.containers[0].ports[].hostPort", StringComparison.Ordinal));
        Assert.StartsWith("the vxmesh lab node agent does not support spec.initContainers", report.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_NonRootUser_IsRefused_LimitsOnlyWarned()
    {
        var container = new V1Container
        {
            Name = "web",
            Image = "nginx",
            Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("64Mi") } },
        };
        var runs = PodSupport.Check(Pod(null, container));
        var refused = PodSupport.Check(Pod(s => s.SecurityContext = new V1PodSecurityContext { RunAsUser = 101 }));

        Assert.True(runs.CanRun);
        Assert.Equal(["spec.containers[0].resources.limits (memory)"], runs.NotEnforced);
        Assert.False(refused.CanRun);
    }
}
