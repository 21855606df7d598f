using System.Text.Json;
using VxMesh.Kubernetes.Services;

namespace VxMesh.Kubernetes.Tests.Services;

public class DerivedObjectsTests
{
    private static DesiredImport Import(params string[] ips) =>
        ImportDerivation.Derive([ImportDerivationTests.Export("c2", ips)], new HashSet<string> { "c2" }).Single();

    private static JsonElement Json(DerivedBody body) => JsonSerializer.SerializeToElement(body.Body);

    [Fact]
    public void Service_IsSelectorlessClusterIp_WithTheImportsPorts_AndOurLabel()
    {
        var body = DerivedObjects.Service(Import("198.19.64.3"));
        var json = Json(body);

        Assert.Equal("web/derived-nginx", body.Key);
        Assert.Equal("ClusterIP", json.GetProperty("spec").GetProperty("type").GetString());
        Assert.False(json.GetProperty("spec").TryGetProperty("selector", out _));
        Assert.False(json.GetProperty("spec").TryGetProperty("clusterIP", out _));
        Assert.Equal(80, json.GetProperty("spec").GetProperty("ports")[0].GetProperty("port").GetInt32());
        Assert.Equal("vxmesh", json.GetProperty("metadata").GetProperty("labels").GetProperty("app.kubernetes.io/managed-by").GetString());
        Assert.Equal(body.Hash, json.GetProperty("metadata").GetProperty("annotations").GetProperty(DerivedObjects.HashAnnotation).GetString());
    }

    [Fact]
    public void Slice_ListsTheRemotePodIps_ForTheDerivedService_WithTheTargetPort()
    {
        var import = Import("198.19.64.3", "198.19.64.9");
        var body = DerivedObjects.Slice(import, import.Slices[0], "discovery.k8s.io/v1beta1");
        var json = Json(body);

        Assert.Equal("derived-nginx-c2-0", body.Name);
        var labels = json.GetProperty("metadata").GetProperty("labels");
        Assert.Equal("derived-nginx", labels.GetProperty("kubernetes.io/service-name").GetString());
        Assert.Equal("c2", labels.GetProperty("multicluster.kubernetes.io/source-cluster").GetString());
        Assert.NotEqual("endpointslice-controller.k8s.io", labels.GetProperty("endpointslice.kubernetes.io/managed-by").GetString());
        Assert.Equal(["198.19.64.3", "198.19.64.9"], json.GetProperty("endpoints").EnumerateArray().Select(e => e.GetProperty("addresses")[0].GetString()));
        Assert.Equal(8080, json.GetProperty("ports")[0].GetProperty("port").GetInt32());
        Assert.Equal("http", json.GetProperty("ports")[0].GetProperty("name").GetString());
    }

    [Fact]
    public void Hash_FollowsTheEndpoints_AndOnlyThem()
    {
        var a = Import("198.19.64.3");
        var b = Import("198.19.64.3", "198.19.64.9");

        Assert.Equal(DerivedObjects.Slice(a, a.Slices[0], "v1").Hash, DerivedObjects.Slice(Import("198.19.64.3"), a.Slices[0], "v1").Hash);
        Assert.NotEqual(DerivedObjects.Slice(a, a.Slices[0], "v1").Hash, DerivedObjects.Slice(b, b.Slices[0], "v1").Hash);
        Assert.Equal(DerivedObjects.Service(a).Hash, DerivedObjects.Service(b).Hash);
    }

    [Fact]
    public void Import_CarriesTheDerivedClusterIp_AndTheExportingClusters()
    {
        var json = Json(DerivedObjects.Import(Import("198.19.64.3"), "198.18.200.17"));

        Assert.Equal("ServiceImport", json.GetProperty("kind").GetString());
        Assert.Equal("198.18.200.17", json.GetProperty("spec").GetProperty("ips")[0].GetString());
        Assert.Equal("ClusterSetIP", json.GetProperty("spec").GetProperty("type").GetString());
        Assert.Equal("c2", json.GetProperty("status").GetProperty("clusters")[0].GetProperty("cluster").GetString());
        Assert.False(Json(DerivedObjects.Import(Import("198.19.64.3"), null)).GetProperty("spec").TryGetProperty("ips", out _));
    }

    [Fact]
    public void ImportAndService_CarryTheExportsClientIpAffinityAndItsTimeout()
    {
        var export = ImportDerivationTests.Export("c2", ["198.19.64.3"]) with { SessionAffinity = "ClientIP", AffinityTimeoutSeconds = 600 };
        var import = ImportDerivation.Derive([export], new HashSet<string> { "c2" }).Single();

        foreach (var spec in new[] { Json(DerivedObjects.Import(import, "198.18.0.40")).GetProperty("spec"), Json(DerivedObjects.Service(import)).GetProperty("spec") })
        {
            Assert.Equal("ClientIP", spec.GetProperty("sessionAffinity").GetString());
            Assert.Equal(600, spec.GetProperty("sessionAffinityConfig").GetProperty("clientIP").GetProperty("timeoutSeconds").GetInt32());
        }
        Assert.False(Json(DerivedObjects.Import(Import("198.19.64.3"), "198.18.0.40")).GetProperty("spec").TryGetProperty("sessionAffinityConfig", out _));
    }

    [Fact]
    public void UnnamedPort_HasNoNameField_InTheImportTheServiceAndTheSlice()
    {
        var export = ImportDerivationTests.Export("c2", ["198.19.64.3"], port: new ExportedPort("", "TCP", 80)) with
        {
            Endpoints = [new ExportedEndpoints(["198.19.64.3"], [new ExportedPort("", "TCP", 8080)])],
        };
        var import = ImportDerivation.Derive([export], new HashSet<string> { "c2" }).Single();

        var ports = new[]
        {
            Json(DerivedObjects.Import(import, "198.18.0.40")).GetProperty("spec").GetProperty("ports")[0],
            Json(DerivedObjects.Service(import)).GetProperty("spec").GetProperty("ports")[0],
            Json(DerivedObjects.Slice(import, import.Slices[0], "discovery.k8s.io/v1")).GetProperty("ports")[0],
        };

        Assert.All(ports, p => Assert.False(p.TryGetProperty("name", out _), p.ToString()));
        Assert.Equal([80, 80, 8080], ports.Select(p => p.GetProperty("port").GetInt32()));
    }

    [Fact]
    public void ServiceName_TooLongForALabel_IsShortenedUniquely()
    {
        var a = DerivedObjects.ServiceName(new string('a', 60) + "x");
        var b = DerivedObjects.ServiceName(new string('a', 60) + "y");

        Assert.True(a.Length <= 63, a);
        Assert.NotEqual(a, b);
        Assert.Equal("derived-nginx", DerivedObjects.ServiceName("nginx"));
    }
}
