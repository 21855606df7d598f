using System.Net;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;

namespace VxMesh.Core.Tests.Support;

/// <summary>
/// The commands seeds/000 types by hand, verbatim, and parsers turning them into the plan's
/// records: `arp -s IP MAC` → ARP entry, `bridge fdb append MAC dst IP` → FDB entry,
/// `route add -net CIDR gw IP dev DEV` → route. The article heads its third route block
/// "test-cluster2" by mistake; its routes lead to clusters 1 and 2, so it is cluster 3's.
/// </summary>
public static class ArticleCommands
{
    public static readonly IReadOnlyDictionary<string, string> NeighborsByNode = new Dictionary<string, string>
    {
        ["multicluster-test-001"] = """
            arp -s 179.17.1.31 7a:3a:fe:45:a3:76
            arp -s 179.17.1.16 36:f9:67:c0:70:1c
            arp -s 179.17.1.44 12:d1:df:44:3d:aa
            arp -s 179.17.1.15 ba:a7:54:aa:bc:ce
            arp -s 179.17.1.13 4e:ac:f5:6f:4e:76
            bridge fdb append 7a:3a:fe:45:a3:76 dst 192.168.0.31 dev vxlan-test
            bridge fdb append 36:f9:67:c0:70:1c dst 192.168.0.16 dev vxlan-test
            bridge fdb append 12:d1:df:44:3d:aa dst 192.168.0.44 dev vxlan-test
            bridge fdb append ba:a7:54:aa:bc:ce dst 192.168.0.15 dev vxlan-test
            bridge fdb append 4e:ac:f5:6f:4e:76 dst 192.168.0.13 dev vxlan-test
            """,
        ["multicluster-test-004"] = """
            arp -s 179.17.1.21 c2:6a:9b:e5:39:8d
            arp -s 179.17.1.31 7a:3a:fe:45:a3:76
            arp -s 179.17.1.16 36:f9:67:c0:70:1c
            arp -s 179.17.1.15 ba:a7:54:aa:bc:ce
            arp -s 179.17.1.13 4e:ac:f5:6f:4e:76
            bridge fdb append c2:6a:9b:e5:39:8d dst 192.168.0.21 dev vxlan-test
            bridge fdb append 7a:3a:fe:45:a3:76 dst 192.168.0.31 dev vxlan-test
            bridge fdb append 36:f9:67:c0:70:1c dst 192.168.0.16 dev vxlan-test
            bridge fdb append ba:a7:54:aa:bc:ce dst 192.168.0.15 dev vxlan-test
            bridge fdb append 4e:ac:f5:6f:4e:76 dst 192.168.0.13 dev vxlan-test
            """,
        ["multicluster-test-005"] = """
            arp -s 179.17.1.21 c2:6a:9b:e5:39:8d
            arp -s 179.17.1.31 7a:3a:fe:45:a3:76
            arp -s 179.17.1.16 36:f9:67:c0:70:1c
            arp -s 179.17.1.44 12:d1:df:44:3d:aa
            arp -s 179.17.1.13 4e:ac:f5:6f:4e:76
            bridge fdb append c2:6a:9b:e5:39:8d dst 192.168.0.21 dev vxlan-test
            bridge fdb append 7a:3a:fe:45:a3:76 dst 192.168.0.31 dev vxlan-test
            bridge fdb append 36:f9:67:c0:70:1c dst 192.168.0.16 dev vxlan-test
            bridge fdb append 12:d1:df:44:3d:aa dst 192.168.0.44 dev vxlan-test
            bridge fdb append 4e:ac:f5:6f:4e:76 dst 192.168.0.13 dev vxlan-test
            """,
    };

    public static readonly IReadOnlyDictionary<string, string> RoutesByCluster = new Dictionary<string, string>
    {
        ["test-cluster1"] = """
            route add -net 10.235.88.0/24 gw 179.17.1.16 dev vxlan-test
            route add -net 10.235.113.0/24 gw 179.17.1.44 dev vxlan-test
            route add -net 10.236.115.0/24 gw 179.17.1.15 dev vxlan-test
            route add -net 10.236.106.0/24 gw 179.17.1.13 dev vxlan-test
            """,
        ["test-cluster2"] = """
            route add -net 10.234.111.0/24 gw 179.17.1.21 dev vxlan-test
            route add -net 10.234.118.0/24 gw 179.17.1.31 dev vxlan-test
            route add -net 10.236.115.0/24 gw 179.17.1.15 dev vxlan-test
            route add -net 10.236.106.0/24 gw 179.17.1.13 dev vxlan-test
            """,
        ["test-cluster3"] = """
            route add -net 10.234.111.0/24 gw 179.17.1.21 dev vxlan-test
            route add -net 10.234.118.0/24 gw 179.17.1.31 dev vxlan-test
            route add -net 10.235.88.0/24 gw 179.17.1.16 dev vxlan-test
            route add -net 10.235.113.0/24 gw 179.17.1.44 dev vxlan-test
            """,
    };

    public static IReadOnlyList<NeighborEntry> Arp(string commands) =>
        Words(commands, "arp").Select(w => new NeighborEntry(IPAddress.Parse(w[2]), Mac.Parse(w[3]))).ToList();

    public static IReadOnlyList<FdbEntry> Fdb(string commands) =>
        Words(commands, "bridge").Select(w => new FdbEntry(Mac.Parse(w[3]), IPAddress.Parse(w[5]))).ToList();

    /// <summary>The article's routes as the plan states them: <c>route add</c> never says onlink.</summary>
    public static IReadOnlyList<(IPNetwork Destination, IPAddress Gateway, string Device, bool Onlink)> Routes(string commands) =>
        Words(commands, "route").Select(w => (IPNetwork.Parse(w[3]), IPAddress.Parse(w[5]), w[7], false)).ToList();

    private static IEnumerable<string[]> Words(string commands, string tool) =>
        commands.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(words => words[0] == tool);
}
