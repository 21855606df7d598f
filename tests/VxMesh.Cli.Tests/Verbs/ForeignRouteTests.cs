using VxMesh.Cli.Tests.Support;
using VxMesh.Tests.Shared;

namespace VxMesh.Cli.Tests.Verbs;

/// <summary>
/// A route someone else owns — `proto static` with a pod block's prefix, the same FIB key one of
/// ours would take — is a conflict: never overwritten by a pass, never deleted by --uninstall, and
/// that block is not programmed (the rest of the mesh is). The kernel is read with `ip -j`.
/// </summary>
public sealed class ForeignRouteTests : IDisposable
{
    private const string Mesh = """
        mesh: {vni: 4243, port: 4789, device: vxm0}
        clusters:
          - name: a
            podCidrs: [198.19.0.0/20]
            nodes: [{name: na, ip: 198.18.7.1, podCidrs: [198.19.1.0/24]}]
          - name: b
            podCidrs: [198.19.16.0/20]
            nodes:
              - {name: nb, ip: 198.18.7.2, podCidrs: [198.19.17.0/24]}
              - {name: nc, ip: 198.18.7.3, podCidrs: [198.19.18.0/24]}
        """;

    private readonly string inventory = Path.Combine(Path.GetTempPath(), $"vxmesh-foreign-{Guid.NewGuid():N}.yaml");
    private readonly TestNamespace host = new TestNamespace("vxcli").WithUnderlay("198.18.7.1/24");

    [Fact]
    public void Agent_ForeignStaticRouteWithAPodBlocksPrefix_SurvivesAPassAndUninstall_TheOtherBlockIsProgrammed()
    {
        File.WriteAllText(inventory, Mesh);
        host.Ip("route", "add", "198.19.17.0/24", "via", "198.18.7.254", "proto", "static");

        var pass = Vxmesh.RunIn(host, "agent", "-f", inventory, "--node", "na", "--once").EnsureSuccess("agent --once");

        Assert.Contains("conflict: 1 pod blocks not programmed", pass.Stdout);
        Assert.Contains("198.19.17.0/24", pass.Stdout);
        AssertForeignRouteIntact();
        var ours = Assert.Single(host.IpJson("route", "show", "198.19.18.0/24"))!;
        Assert.Equal("118", ours["protocol"]!.ToString());

        // A second pass (a resync) changes nothing there either.
        Vxmesh.RunIn(host, "agent", "-f", inventory, "--node", "na", "--once").EnsureSuccess("agent --once again");
        AssertForeignRouteIntact();

        Vxmesh.RunIn(host, "agent", "-f", inventory, "--node", "na", "--uninstall").EnsureSuccess("agent --uninstall");

        AssertForeignRouteIntact();
        Assert.Empty(host.IpJson("route", "show", "198.19.18.0/24"));
        Assert.Empty(host.IpJson("route", "show", "proto", "118"));
    }

    private void AssertForeignRouteIntact()
    {
        var route = Assert.Single(host.IpJson("route", "show", "198.19.17.0/24"))!;
        Assert.Equal(("static", "198.18.7.254", "eth0"), (route["protocol"]!.ToString(), route["gateway"]!.ToString(), route["dev"]!.ToString()));
    }

    public void Dispose()
    {
        host.Dispose();
        File.Delete(inventory);
    }
}
