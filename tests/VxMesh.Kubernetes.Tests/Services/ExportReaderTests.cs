using k8s.Models;
using VxMesh.Agent.Registry.Etcd;
using VxMesh.Kubernetes.Services;

namespace VxMesh.Kubernetes.Tests.Services;

public class ExportReaderTests
{
    private static readonly DateTimeOffset Created = new(2026, 12, 3, 6, 0, 0, TimeSpan.Zero);

    internal static V1Service Nginx(string? clusterIp = "198.19.200.10", string type = "ClusterIP") => new()
    {
        Metadata = new V1ObjectMeta { Name = "nginx", NamespaceProperty = "web" },
        Spec = new V1ServiceSpec { Type = type, ClusterIP = clusterIp, Ports = [new V1ServicePort { Name = "http", Port = 80, Protocol = "TCP", TargetPort = 8080 }] },
    };

    internal static V1Endpoints Endpoints(string[] ready, string[] notReady) => new()
    {
        Metadata = new V1ObjectMeta { Name = "nginx", NamespaceProperty = "web" },
        Subsets =
        [
            new V1EndpointSubset
            {
                Addresses = ready.Select(ip => new V1EndpointAddress { Ip = ip }).ToList(),
                NotReadyAddresses = notReady.Select(ip => new V1EndpointAddress { Ip = ip }).ToList(),
                Ports = [new Corev1EndpointPort { Name = "http", Port = 8080, Protocol = "TCP" }],
            },
        ],
    };

    [Fact]
    public void Read_Service_PublishesItsPortsAndOnlyTheReadyPodIps_Sorted()
    {
        var outcome = ExportReader.Read("c2", "web", "nginx", Created, Nginx(), Endpoints(["198.19.64.9", "198.19.64.3"], ["198.19.64.5"]));

        var record = Assert.IsType<ServiceExportRecord>(outcome.Record);
        Assert.Equal(ServiceExportRecord.ClusterSetIp, record.Type);
        Assert.Equal([new ExportedPort("http", "TCP", 80)], record.Ports);
        var subset = Assert.Single(record.Endpoints);
        Assert.Equal(["198.19.64.3", "198.19.64.9"], subset.Ips);
        Assert.Equal([new ExportedPort("http", "TCP", 8080)], subset.Ports);
        Assert.Equal(Created, record.ExportedAt);
    }

    [Fact]
    public void Read_NoService_IsInvalidWithNoService()
    {
        var outcome = ExportReader.Read("c2", "web", "nginx", Created, null, null);

        Assert.False(outcome.Valid);
        Assert.Equal("NoService", outcome.Reason);
        Assert.Contains("web/nginx", outcome.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ExternalName_IsInvalidServiceType()
    {
        var outcome = ExportReader.Read("c2", "web", "nginx", Created, Nginx(null, "ExternalName"), null);

        Assert.False(outcome.Valid);
        Assert.Equal("InvalidServiceType", outcome.Reason);
    }

    [Fact]
    public void Read_HeadlessService_IsHeadless_AndNoEndpointsIsAnEmptyList()
    {
        var record = ExportReader.Read("c2", "web", "nginx", Created, Nginx("None"), null).Record!;

        Assert.Equal(ServiceExportRecord.Headless, record.Type);
        Assert.Empty(record.Endpoints);
    }

    [Fact]
    public void Read_ClientIpAffinity_CarriesItsTimeout_NoneCarriesNoTimeout()
    {
        var sticky = Nginx();
        sticky.Spec.SessionAffinity = "ClientIP";
        sticky.Spec.SessionAffinityConfig = new V1SessionAffinityConfig { ClientIP = new V1ClientIPConfig { TimeoutSeconds = 600 } };
        var loose = Nginx();
        loose.Spec.SessionAffinity = "None";
        loose.Spec.SessionAffinityConfig = new V1SessionAffinityConfig { ClientIP = new V1ClientIPConfig { TimeoutSeconds = 600 } };

        var record = ExportReader.Read("c2", "web", "nginx", Created, sticky, null).Record!;

        Assert.Equal("ClientIP", record.SessionAffinity);
        Assert.Equal(600, record.AffinityTimeoutSeconds);
        Assert.Null(ExportReader.Read("c2", "web", "nginx", Created, loose, null).Record!.AffinityTimeoutSeconds);
    }

    [Fact]
    public void Record_RoundTripsThroughTheRegistryJson_ToTheSameBytes()
    {
        var record = ExportReader.Read("c2", "web", "nginx", Created, Nginx(), Endpoints(["198.19.64.3"], [])).Record!;

        var bytes = RegistryJson.Encode(record);
        var decoded = RegistryJson.TryDecode<ServiceExportRecord>(bytes, out var error);

        Assert.Null(error);
        Assert.Equal(bytes, RegistryJson.Encode(decoded));
        Assert.Contains("\"exportedAt\"", RegistryJson.Text(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Record_MissingAField_DoesNotDecode()
    {
        var decoded = RegistryJson.TryDecode<ServiceExportRecord>("{\"cluster\":\"c2\",\"namespace\":\"web\"}"u8, out var error);

        Assert.Null(decoded);
        Assert.NotNull(error);
    }
}
