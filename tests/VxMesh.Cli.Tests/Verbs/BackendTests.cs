using VxMesh.Cli.Tests.Support;
using VxMesh.Tests.Shared;

namespace VxMesh.Cli.Tests.Verbs;

/// <summary>
/// Backends on the real kernel. Nodes A (cluster a) and B (cluster b) share one L2 segment; node C
/// (cluster c) is on another subnet. host-gw routes B's block straight to B's underlay address;
/// auto does that for B and keeps vxlan for C; host-gw with C in the mesh is refused, naming C.
/// Packets are real: a pod address on B answers A's ping over the chosen path.
/// </summary>
public sealed class BackendTests : IDisposable
{
    private readonly string inventory = Path.Combine(Path.GetTempPath(), $"vxmesh-backend-{Guid.NewGuid():N}.yaml");
    private readonly List<TestNamespace> namespaces = [];

    private static string Mesh(string backend, bool withC) => $$"""
        mesh: {vni: 4343, port: 4789, device: vxm0, backend: {{backend}}}
        clusters:
          - name: a
            podCidrs: [198.19.0.0/20]
            nodes: [{name: na, ip: 198.18.6.1, podCidrs: [198.19.1.0/24]}]
          - name: b
            podCidrs: [198.19.16.0/20]
            nodes: [{name: nb, ip: 198.18.6.2, podCidrs: [198.19.17.0/24]}]
        """ + (withC ? """

          - name: c
            podCidrs: [198.19.32.0/20]
            nodes: [{name: nc, ip: 198.18.7.3, podCidrs: [198.19.33.0/24]}]
        """ : "");

    [Fact]
    public void HostGw_PeersOnOneSegment_BlockRoutedViaUnderlayAndPingsCross()
    {
        var (a, b) = TwoNodes("host-gw", withC: false);

        var route = a.IpJson("route", "show", "198.19.17.0/24")[0]!;
        Assert.Equal("198.18.6.2", route["gateway"]!.GetValue<string>());
        Assert.Equal("eth0", route["dev"]!.GetValue<string>());
        a.Exec(["ping", "-c", "2", "-W", "2", "-I", "198.19.1.10", "198.19.17.10"]).EnsureSuccess("pod address on A pings pod address on B over host-gw");
    }

    [Fact]
    public void Auto_PeerOnSegmentAndPeerRouted_HostGwForTheFirstVxlanForTheOther()
    {
        var (a, _) = TwoNodes("auto", withC: true);

        Assert.Equal("eth0", a.IpJson("route", "show", "198.19.17.0/24")[0]!["dev"]!.GetValue<string>());
        Assert.Equal("vxm0", a.IpJson("route", "show", "198.19.33.0/24")[0]!["dev"]!.GetValue<string>());
        a.Exec(["ping", "-c", "2", "-W", "2", "-I", "198.19.1.10", "198.19.17.10"]).EnsureSuccess("host-gw peer reachable");
    }

    [Fact]
    public void HostGw_PeerOffTheSegment_Exits2NamingItAndAppliesNothing()
    {
        File.WriteAllText(inventory, Mesh("host-gw", withC: true));
        var a = Node("198.18.6.1/24");

        var run = Vxmesh.RunIn(a, "agent", "-f", inventory, "--node", "na", "--once");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("peer nc (198.18.7.3) is not on this node's underlay subnet 198.18.6.0/24", run.Stderr);
        Assert.Empty(a.IpJson("link", "show", "type", "vxlan"));
    }

    /// <summary>A and B plugged into one bridge, each with a pod address on lo, agents run once.</summary>
    private (TestNamespace A, TestNamespace B) TwoNodes(string backend, bool withC)
    {
        File.WriteAllText(inventory, Mesh(backend, withC));
        var fabric = Track(new TestNamespace("vxcli"));
        fabric.Ip("link", "add", "br0", "type", "bridge");
        fabric.Ip("link", "set", "br0", "up");
        var a = Plug(fabric, Node("198.18.6.1/24"), "pa");
        var b = Plug(fabric, Node("198.18.6.2/24"), "pb");
        a.Ip("addr", "add", "198.19.1.10/32", "dev", "lo");
        b.Ip("addr", "add", "198.19.17.10/32", "dev", "lo");
        foreach (var (ns, name) in new[] { (a, "na"), (b, "nb") })
        {
            ns.Exec(["sysctl", "-qw", "net.ipv4.ip_forward=1"]);
            Vxmesh.RunIn(ns, "agent", "-f", inventory, "--node", name, "--once").EnsureSuccess($"agent on {name}");
        }
        return (a, b);
    }

    private TestNamespace Node(string address)
    {
        var ns = Track(new TestNamespace("vxcli"));
        ns.Ip("link", "add", "eth0", "type", "veth", "peer", "name", "up0");
        ns.Ip("addr", "add", address, "dev", "eth0");
        return ns;
    }

    /// <summary>Moves the node's veth peer into the fabric and onto the bridge.</summary>
    private static TestNamespace Plug(TestNamespace fabric, TestNamespace node, string port)
    {
        node.Ip("link", "set", "up0", "netns", fabric.Name);
        fabric.Ip("link", "set", "up0", "name", port);
        fabric.Ip("link", "set", port, "master", "br0", "up");
        node.Ip("link", "set", "eth0", "up");
        return node;
    }

    private TestNamespace Track(TestNamespace ns)
    {
        namespaces.Add(ns);
        return ns;
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
