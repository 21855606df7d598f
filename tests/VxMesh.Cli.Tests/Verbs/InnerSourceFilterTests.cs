using System.Text.Json.Nodes;
using VxMesh.Cli.Tests.Support;
using VxMesh.Tests.Shared;

namespace VxMesh.Cli.Tests.Verbs;

/// <summary>
/// The ingress filter's inner side: a member with a legitimate outer source sends through the mesh
/// with inner sources that are no remote cluster's pod or service range nor a VTEP address (a TEST-NET
/// address, and an address of A's own cluster's pod range). A's `vxlan_inner` rule drops them and counts
/// them; probes on A show they were decapsulated (prerouting, before the filter) and never delivered
/// (input, after it), while the member's pod-to-pod traffic still passes. The set is read with `nft -j`.
/// </summary>
public sealed class InnerSourceFilterTests : IDisposable
{
    private const string Mesh = """
        mesh: {vni: 4245, port: 4789, device: vxm0}
        clusters:
          - name: a
            podCidrs: [198.19.0.0/20]
            nodes: [{name: na, ip: 198.18.9.1, podCidrs: [198.19.1.0/24]}]
          - name: b
            podCidrs: [198.19.16.0/20]
            nodes: [{name: nb, ip: 198.18.9.2, podCidrs: [198.19.17.0/24]}]
        """;

    private const string Outsider = "203.0.113.7";
    private const string OwnClusterPod = "198.19.2.7";
    private const string Pod = "198.19.1.10";

    private readonly string inventory = Path.Combine(Path.GetTempPath(), $"vxmesh-inner-{Guid.NewGuid():N}.yaml");
    private readonly List<TestNamespace> namespaces = [];

    [Fact]
    public void Agent_MemberSendsInnerSourcesOutsideTheRemoteRanges_DroppedAndCounted_PodTrafficStillPasses()
    {
        File.WriteAllText(inventory, Mesh);
        var fabric = Namespace();
        fabric.Ip("link", "add", "br0", "type", "bridge");
        fabric.Ip("link", "set", "br0", "up");
        var a = Host(fabric, "198.18.9.1");
        var b = Host(fabric, "198.18.9.2");
        a.Ip("addr", "add", Pod + "/32", "dev", "lo");
        Vxmesh.RunIn(a, "agent", "-f", inventory, "--node", "na", "--once").EnsureSuccess("agent on A");
        Vxmesh.RunIn(b, "agent", "-f", inventory, "--node", "nb", "--once").EnsureSuccess("agent on B");
        b.Ip("addr", "add", Outsider + "/32", "dev", "lo");
        b.Ip("addr", "add", OwnClusterPod + "/32", "dev", "lo");
        AddProbes(a);

        Assert.Equal(["198.19.16.0/20"], InnerSet(a));
        b.Exec(["ping", "-c", "2", "-W", "2", Pod]).EnsureSuccess("member B pings a pod address on A through the mesh");
        var dropsBefore = InnerDrops(a);
        b.Exec(["ping", "-c", "3", "-i", "0.2", "-W", "1", "-I", Outsider, Pod]);
        b.Exec(["ping", "-c", "3", "-i", "0.2", "-W", "1", "-I", OwnClusterPod, Pod]);

        Assert.Equal(6, Count(a, "arrived"));
        Assert.Equal(0, Count(a, "delivered"));
        Assert.Equal(6, InnerDrops(a) - dropsBefore);
        b.Exec(["ping", "-c", "2", "-W", "2", Pod]).EnsureSuccess("pod-to-pod traffic still passes after the drops");

        a.Exec(["nft", "flush", "chain", "inet", "vxmesh", "vxlan_inner"]).EnsureSuccess("control: empty the inner chain");
        b.Exec(["ping", "-c", "2", "-i", "0.2", "-W", "1", "-I", Outsider, Pod]);
        Assert.True(Count(a, "delivered") > 0, "without the inner rules the spoofed source is delivered (the probe works)");
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

    /// <summary>Counters for the two spoofed sources: decapsulated (prerouting, before VxMesh's chain) and delivered (input).</summary>
    private static void AddProbes(TestNamespace node) =>
        node.Exec(["nft", "-f", "-"], stdin: $$"""
            table inet probe {
                chain arrived {
                    type filter hook prerouting priority -300; policy accept;
                    iifname "vxm0" ip saddr { {{Outsider}}, {{OwnClusterPod}} } counter
                }
                chain delivered {
                    type filter hook input priority 100; policy accept;
                    ip saddr { {{Outsider}}, {{OwnClusterPod}} } counter
                }
            }
            """).EnsureSuccess("probes");

    private static long Count(TestNamespace node, string chain) => Packets(node, "probe", chain);

    private static long InnerDrops(TestNamespace node) => Packets(node, "vxmesh", "vxlan_inner");

    private static long Packets(TestNamespace node, string table, string chain)
    {
        var json = JsonNode.Parse(node.Exec(["nft", "-j", "list", "chain", "inet", table, chain]).EnsureSuccess($"nft list chain {table} {chain}").Stdout)!;
        return json["nftables"]!.AsArray()
            .Select(i => i?["rule"]?["expr"]?.AsArray().Select(e => e?["counter"]?["packets"]).FirstOrDefault(p => p is not null))
            .Where(p => p is not null).Sum(p => p!.GetValue<long>());
    }

    /// <summary>The IPv4 inner set's elements as prefixes.</summary>
    private static List<string> InnerSet(TestNamespace node)
    {
        var json = JsonNode.Parse(node.Exec(["nft", "-j", "list", "set", "inet", "vxmesh", "vxlan_inner4"]).EnsureSuccess("nft list set").Stdout)!;
        var set = json["nftables"]!.AsArray().Select(i => i?["set"]).Single(s => s is not null)!;
        return set["elem"]?.AsArray().Select(e => e is JsonValue v ? v.GetValue<string>() + "/32" : $"{e!["prefix"]!["addr"]}/{e["prefix"]!["len"]}").ToList() ?? [];
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
