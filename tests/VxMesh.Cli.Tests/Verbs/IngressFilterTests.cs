using VxMesh.Cli.Tests.Support;
using VxMesh.Tests.Shared;

namespace VxMesh.Cli.Tests.Verbs;

/// <summary>
/// Only registered peers may inject VXLAN. Three hosts share one underlay bridge: node A and
/// member B run agents; an attacker builds its own VXLAN device with the mesh's VNI and port,
/// A's VTEP MAC in its FDB and a route to A's pod block, and pings a pod address on A. A probe
/// counter on A's VXLAN device counts what gets decapsulated from the attacker. With the filter:
/// nothing; with the filter removed (the control): the probe sees the attack, so the test can fail.
/// </summary>
public sealed class IngressFilterTests : IDisposable
{
    private const string Mesh = """
        mesh: {vni: 4242, port: 4789, device: vxm0}
        clusters:
          - name: a
            podCidrs: [198.19.0.0/20]
            nodes: [{name: na, ip: 198.18.5.1, podCidrs: [198.19.1.0/24]}]
          - name: b
            podCidrs: [198.19.16.0/20]
            nodes: [{name: nb, ip: 198.18.5.2, podCidrs: [198.19.17.0/24]}]
        """;

    private readonly string inventory = Path.Combine(Path.GetTempPath(), $"vxmesh-ingress-{Guid.NewGuid():N}.yaml");
    private readonly List<TestNamespace> namespaces = [];

    [Fact]
    public void Agent_NonMemberSendsVxlanWithMeshVni_NothingDecapsulated_MemberStillReaches()
    {
        File.WriteAllText(inventory, Mesh);
        var fabric = Namespace();
        fabric.Ip("link", "add", "br0", "type", "bridge");
        fabric.Ip("link", "set", "br0", "up");
        var a = Host(fabric, "198.18.5.1");
        var b = Host(fabric, "198.18.5.2");
        var evil = Host(fabric, "198.18.5.66");
        a.Ip("addr", "add", "198.19.1.10/32", "dev", "lo");
        Vxmesh.RunIn(a, "agent", "-f", inventory, "--node", "na", "--once").EnsureSuccess("agent on A");
        Vxmesh.RunIn(b, "agent", "-f", inventory, "--node", "nb", "--once").EnsureSuccess("agent on B");
        BuildAttacker(evil, VtepMacOf(a));
        AddProbe(a);

        b.Exec(["ping", "-c", "2", "-W", "2", "198.19.1.10"]).EnsureSuccess("member B pings a pod address on A through the mesh");
        evil.Exec(["ping", "-c", "3", "-i", "0.2", "-W", "1", "198.19.1.10"]);
        Assert.Equal(0, ProbeCount(a));
        Assert.Contains("drop", a.Exec(["nft", "list", "table", "inet", "vxmesh"]).Stdout);

        a.Exec(["nft", "delete", "table", "inet", "vxmesh"]).EnsureSuccess("control: remove the filter");
        evil.Exec(["ping", "-c", "3", "-i", "0.2", "-W", "1", "198.19.1.10"]);
        Assert.True(ProbeCount(a) > 0, "without the filter the attacker's frames are decapsulated (the probe works)");

        var repair = Vxmesh.RunIn(a, "agent", "-f", inventory, "--node", "na", "--once").EnsureSuccess("agent puts the filter back");
        Assert.Contains(": 1 changes, converged", repair.Stdout);
    }

    private TestNamespace Namespace()
    {
        var ns = new TestNamespace("vxcli");
        namespaces.Add(ns);
        return ns;
    }

    /// <summary>A host whose eth0 is plugged into the fabric bridge.</summary>
    private TestNamespace Host(TestNamespace fabric, string address)
    {
        var host = Namespace();
        var port = "p" + address.Split('.')[^1];
        fabric.Ip("link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", host.Name);
        fabric.Ip("link", "set", port, "master", "br0", "up");
        host.Ip("addr", "add", address + "/24", "dev", "eth0");
        host.Ip("link", "set", "eth0", "up");
        return host;
    }

    private static string VtepMacOf(TestNamespace node) =>
        node.IpJson("link", "show", "dev", "vxm0")[0]!["address"]!.GetValue<string>();

    /// <summary>Everything a peer would have — same VNI and port, A's MAC in the FDB — except membership.</summary>
    private static void BuildAttacker(TestNamespace evil, string victimMac)
    {
        evil.Ip("link", "add", "evil", "type", "vxlan", "id", "4242", "dstport", "4789", "local", "198.18.5.66", "dev", "eth0", "nolearning");
        evil.Ip("addr", "add", "198.19.99.1/32", "dev", "evil");
        evil.Ip("link", "set", "evil", "up");
        evil.Ip("neigh", "replace", "198.19.1.0", "lladdr", victimMac, "dev", "evil", "nud", "permanent");
        Shell.Run("bridge", "-n", evil.Name, "fdb", "replace", victimMac, "dev", "evil", "dst", "198.18.5.1", "self", "permanent").EnsureSuccess("attacker fdb");
        evil.Ip("route", "add", "198.19.1.0/24", "via", "198.19.1.0", "dev", "evil", "onlink");
    }

    /// <summary>Counts packets from the attacker's inner address as they come out of A's VXLAN device.</summary>
    private static void AddProbe(TestNamespace node) =>
        node.Exec(["nft", "-f", "-"], stdin: """
            table inet probe {
                chain pre {
                    type filter hook prerouting priority -300; policy accept;
                    iifname "vxm0" ip saddr 198.19.99.1 counter
                }
            }
            """).EnsureSuccess("probe");

    private static long ProbeCount(TestNamespace node)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(node.Exec(["nft", "-j", "list", "chain", "inet", "probe", "pre"]).EnsureSuccess("probe").Stdout)!;
        return json["nftables"]!.AsArray()
            .Select(i => i?["rule"]?["expr"]?.AsArray().Select(e => e?["counter"]?["packets"]).FirstOrDefault(p => p is not null))
            .Where(p => p is not null).Sum(p => p!.GetValue<long>());
    }

    public void Dispose()
    {
        foreach (var ns in namespaces)
        {
            ns.Dispose();
        }
        File.Delete(inventory);
    }
}
