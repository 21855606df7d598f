using VxMesh.Cli.Tests.Support;
using VxMesh.Tests.Shared;

namespace VxMesh.Cli.Tests.Verbs;

/// <summary>
/// The mesh device carries VxMesh's mark (alias "vxmesh", read back with `ip -j -d link`). A VXLAN
/// device of the mesh's name without it that differs from the plan (someone's `ip link add vxm0 type
/// vxlan id 99 …`) is an error: the agent exits 1 naming it, and neither a pass nor --uninstall deletes,
/// recreates or programs through it. One that matches the plan exactly (an older agent's) is adopted and marked.
/// </summary>
public sealed class DeviceOwnershipTests : IDisposable
{
    private const string Mesh = """
        mesh: {vni: 4244, port: 4789, device: vxm0}
        clusters:
          - name: a
            podCidrs: [198.19.0.0/20]
            nodes: [{name: na, ip: 198.18.8.1, podCidrs: [198.19.1.0/24]}]
          - name: b
            podCidrs: [198.19.16.0/20]
            nodes: [{name: nb, ip: 198.18.8.2, podCidrs: [198.19.17.0/24]}]
        """;

    private readonly string inventory = Path.Combine(Path.GetTempPath(), $"vxmesh-device-{Guid.NewGuid():N}.yaml");
    private readonly TestNamespace host = new TestNamespace("vxcli").WithUnderlay("198.18.8.1/24");

    public DeviceOwnershipTests() => File.WriteAllText(inventory, Mesh);

    [Fact]
    public void Agent_CreatesTheDevice_CarriesTheMark()
    {
        Vxmesh.RunIn(host, "agent", "-f", inventory, "--node", "na", "--once").EnsureSuccess("agent --once");

        var link = Assert.Single(host.IpJson("-d", "link", "show", "dev", "vxm0"))!;
        Assert.Equal("vxmesh", link["ifalias"]?.ToString());
        Assert.Equal(4244, link["linkinfo"]!["info_data"]!["id"]!.GetValue<int>());
    }

    [Fact]
    public void Agent_UnmarkedDeviceOfOurNameWithAnotherVni_ExitsOneAndLeavesIt_UninstallToo()
    {
        host.Ip("link", "add", "vxm0", "type", "vxlan", "id", "99", "dstport", "4789", "local", "198.18.8.1", "dev", "eth0", "nolearning");
        var index = Link()["ifindex"]!.GetValue<int>();

        var pass = Vxmesh.RunIn(host, "agent", "-f", inventory, "--node", "na", "--once");

        Assert.Equal(1, pass.ExitCode);
        Assert.Contains("device vxm0 exists without VxMesh's mark (alias 'vxmesh')", pass.Stderr);
        Assert.Contains("id 99, not 4244", pass.Stderr);
        AssertUntouched(index);

        var uninstall = Vxmesh.RunIn(host, "agent", "-f", inventory, "--node", "na", "--uninstall").EnsureSuccess("agent --uninstall");
        Assert.Contains("uninstall leaves device vxm0", uninstall.Stdout + uninstall.Stderr);
        AssertUntouched(index);
    }

    [Fact]
    public void Agent_UnmarkedDeviceMatchingThePlan_AdoptedInPlaceAndMarked()
    {
        host.Ip("link", "add", "vxm0", "type", "vxlan", "id", "4244", "dstport", "4789", "local", "198.18.8.1", "dev", "eth0", "nolearning");
        var index = Link()["ifindex"]!.GetValue<int>();

        Vxmesh.RunIn(host, "agent", "-f", inventory, "--node", "na", "--once").EnsureSuccess("agent --once");

        var link = Link();
        Assert.Equal(index, link["ifindex"]!.GetValue<int>());
        Assert.Equal("vxmesh", link["ifalias"]?.ToString());
        Assert.NotEmpty(host.IpJson("route", "show", "proto", "118"));
    }

    private System.Text.Json.Nodes.JsonNode Link() => Assert.Single(host.IpJson("-d", "link", "show", "dev", "vxm0"))!;

    /// <summary>The same device (index, VNI), unmarked, with nothing of ours on it or through it.</summary>
    private void AssertUntouched(int index)
    {
        var link = Link();
        Assert.Equal(index, link["ifindex"]!.GetValue<int>());
        Assert.Equal(99, link["linkinfo"]!["info_data"]!["id"]!.GetValue<int>());
        Assert.Null(link["ifalias"]);
        Assert.Empty(host.IpJson("addr", "show", "dev", "vxm0")[0]!["addr_info"]!.AsArray());
        Assert.Empty(host.IpJson("neigh", "show", "dev", "vxm0"));
        Assert.Empty(host.IpJson("route", "show", "proto", "118"));
    }

    public void Dispose()
    {
        host.Dispose();
        File.Delete(inventory);
    }
}
