using System.Net;
using System.Text.Json;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;
using VxMesh.Core.Rendering;
using VxMesh.Core.Tests.Support;

namespace VxMesh.Core.Tests.Rendering;

/// <summary>The `-o json` shape: camelCase, addresses and MACs as iproute2 prints them, enums kebab-case.</summary>
public class JsonFormatTests
{
    private static JsonElement Node001() =>
        JsonDocument.Parse(JsonFormat.Serialize(Planner.Plan(ArticleMesh.Build(), "multicluster-test-001"))).RootElement;

    [Fact]
    public void Serialize_ArticlePlan_DeviceFieldsAsIproute2Strings()
    {
        var device = Node001().GetProperty("device");

        Assert.Equal("vxlan-test", device.GetProperty("name").GetString());
        Assert.Equal(10001u, device.GetProperty("vni").GetUInt32());
        Assert.Equal("192.168.0.21", device.GetProperty("local").GetString());
        Assert.Equal("c2:6a:9b:e5:39:8d", device.GetProperty("mac").GetString());
        Assert.Equal(1450, device.GetProperty("mtu").GetInt32());
    }

    [Fact]
    public void Serialize_ArticlePlan_AddressNeighborsFdbRoutesAsStrings()
    {
        var root = Node001();

        Assert.Equal("179.17.1.21", root.GetProperty("address").GetProperty("address").GetString());
        Assert.Equal(24, root.GetProperty("address").GetProperty("prefixLength").GetInt32());
        var neighbor = root.GetProperty("neighbors")[0];
        Assert.Equal("179.17.1.13", neighbor.GetProperty("ip").GetString());
        Assert.Equal("4e:ac:f5:6f:4e:76", neighbor.GetProperty("mac").GetString());
        var fdb = root.GetProperty("fdb")[0];
        Assert.Equal("12:d1:df:44:3d:aa", fdb.GetProperty("mac").GetString());
        Assert.Equal("192.168.0.44", fdb.GetProperty("destination").GetString());
        var route = root.GetProperty("routes")[0];
        Assert.Equal("10.235.88.0/24", route.GetProperty("destination").GetString());
        Assert.Equal("179.17.1.16", route.GetProperty("gateway").GetString());
        Assert.False(route.GetProperty("onlink").GetBoolean());
    }

    [Fact]
    public void Serialize_ArticlePlan_PeerPathKebabCaseAndBlocksAsCidrs()
    {
        var peer = Node001().GetProperty("peers")[1];

        Assert.Equal("multicluster-test-003", peer.GetProperty("node").GetString());
        Assert.Equal("vxlan", peer.GetProperty("path").GetString());
        Assert.Equal("10.235.88.0/24", peer.GetProperty("blocks")[0].GetString());
    }

    [Fact]
    public void Serialize_MultiWordEnums_KebabCase()
    {
        Assert.Equal("\"host-gw\"", JsonSerializer.Serialize(PeerPath.HostGw, JsonFormat.Options));
        Assert.Equal("\"host-gw\"", JsonSerializer.Serialize(Backend.HostGw, JsonFormat.Options));
        Assert.Equal(Backend.HostGw, JsonSerializer.Deserialize<Backend>("\"host-gw\"", JsonFormat.Options));
    }

    [Fact]
    public void RoundTrip_PlanRecords_EqualAfterDeserialize()
    {
        var plan = Planner.Plan(ArticleMesh.Build(), "multicluster-test-001", new NodeFacts("eth0", 9000));

        Assert.Equal(plan.Device, RoundTrip(plan.Device));
        Assert.Equal(plan.Address, RoundTrip(plan.Address));
        Assert.Equal(plan.Mtu, RoundTrip(plan.Mtu));
        Assert.All(plan.Neighbors, n => Assert.Equal(n, RoundTrip(n)));
        Assert.All(plan.Fdb, f => Assert.Equal(f, RoundTrip(f)));
        Assert.All(plan.Routes, r => Assert.Equal(r, RoundTrip(r)));
    }

    [Fact]
    public void RoundTrip_MeshSettings_KeepsCidrAndBackend()
    {
        var mesh = ArticleMesh.Build().Mesh with { Backend = Backend.Auto, Mtu = 1400 };

        var back = RoundTrip(mesh);

        Assert.Equal(mesh, back);
        Assert.Equal(IPNetwork.Parse("179.17.1.0/24"), back.VtepCidr);
        Assert.Null(RoundTrip(MeshSettings.Default).VtepCidr);
    }

    private static T RoundTrip<T>(T value) =>
        JsonSerializer.Deserialize<T>(JsonFormat.Serialize(value), JsonFormat.Options) ?? throw new InvalidOperationException("null");
}
