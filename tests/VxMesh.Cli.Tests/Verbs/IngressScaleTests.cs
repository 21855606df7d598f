using System.Text;
using System.Text.Json.Nodes;
using VxMesh.Cli.Tests.Support;
using VxMesh.Tests.Shared;

namespace VxMesh.Cli.Tests.Verbs;

/// <summary>
/// The ingress filter's peer set through the agent, as a mesh grows and shrinks by more than 4,096
/// peers at once: the agent adopts the set it finds and moves the difference over nf_tables netlink,
/// whose 16-bit attribute length overflowed at 4,096 addresses (ENOENT on every pass). Oracle: nft -j.
/// </summary>
public sealed class IngressScaleTests : IDisposable
{
    private readonly string inventory = Path.Combine(Path.GetTempPath(), $"vxmesh-ingress-scale-{Guid.NewGuid():N}.yaml");
    private readonly TestNamespace node = new TestNamespace("vxcli").WithUnderlay("198.18.255.1/16");

    [Fact]
    public void Agent_Peers1000Then5096Then1000_PeerSetExactlyRightEachTime()
    {
        int[] first = [.. Enumerable.Range(0, 1_000)];
        int[] grown = [.. Enumerable.Range(0, 5_096)];
        int[] final = [.. Enumerable.Range(0, 500), .. Enumerable.Range(4_596, 500)];

        foreach (var peers in new[] { first, grown, final })
        {
            File.WriteAllText(inventory, Mesh(peers));
            var run = Vxmesh.RunIn(node, "agent", "-f", inventory, "--node", "self", "--once");
            run.EnsureSuccess($"agent --once with {peers.Length} peers");

            Assert.Equal(peers.Select(Underlay).Order(StringComparer.Ordinal), PeerSet());
            Assert.Equal(peers.Length, node.IpJson("route", "show", "proto", "118").Count);
        }
    }

    /// <summary>One node of ours and <paramref name="peers"/> in another cluster, flannel-style (onlink) addressing.</summary>
    private static string Mesh(IEnumerable<int> peers)
    {
        var yaml = new StringBuilder("""
            mesh: {vni: 4243, device: vxs0}
            clusters:
              - name: own
                podCidrs: [198.18.254.0/24]
                nodes: [{name: self, ip: 198.18.255.1, podCidrs: [198.18.254.0/26]}]
              - name: peers
                podCidrs: [198.19.0.0/16]
                nodes:

            """);
        foreach (var i in peers)
        {
            yaml.Append($"      - {{name: p{i}, ip: {Underlay(i)}, podCidrs: [198.19.{i >> 5}.{(i & 31) * 8}/29]}}\n");
        }

        return yaml.ToString();
    }

    private static string Underlay(int i) => $"198.18.{1 + (i >> 8)}.{i & 255}";

    private string[] PeerSet()
    {
        var json = JsonNode.Parse(node.Exec(["nft", "-j", "list", "set", "inet", "vxmesh", "vxlan_peers"]).EnsureSuccess("nft -j list set").Stdout)!;
        var set = json["nftables"]!.AsArray().Select(i => i?["set"]).Single(s => s is not null)!;
        return [.. (set["elem"]?.AsArray() ?? []).Select(e => e!.GetValue<string>()).Order(StringComparer.Ordinal)];
    }

    public void Dispose()
    {
        node.Dispose();
        File.Delete(inventory);
    }
}
