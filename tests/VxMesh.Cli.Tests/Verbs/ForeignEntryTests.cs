using System.Text.Json.Nodes;
using VxMesh.Cli.Tests.Support;
using VxMesh.Tests.Shared;

namespace VxMesh.Cli.Tests.Verbs;

/// <summary>
/// Neighbour and FDB entries someone else put on the mesh device — a static ARP entry without
/// protocol 118, an FDB entry without extern_learn — at a peer's keys are conflicts: never
/// overwritten by a pass, never deleted by --uninstall (which then keeps the device, since
/// deleting it would take them), the other peer programmed. A flood entry nobody plans is left
/// alone. Matching ones made by hand are adopted and marked. The kernel is read with `ip -j` and `bridge -j`.
/// </summary>
public sealed class ForeignEntryTests : IDisposable
{
    private const string Dev = "vxm0";

    private const string Mesh = """
        mesh: {vni: 4244, port: 4789, device: vxm0}
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

    private readonly string inventory = Path.Combine(Path.GetTempPath(), $"vxmesh-foreign-entry-{Guid.NewGuid():N}.yaml");
    private readonly TestNamespace host = new TestNamespace("vxcli").WithUnderlay("198.18.7.1/24");

    public ForeignEntryTests() => File.WriteAllText(inventory, Mesh);

    [Fact]
    public void Agent_ForeignNeighborAndFdbAtAPeersKeys_SurviveAPassAndUninstall_TheOtherPeerIsProgrammed()
    {
        Once("first pass");
        var (nbVtep, nbMac) = PeerEntry("198.18.7.2");
        var (ncVtep, ncMac) = PeerEntry("198.18.7.3");
        host.Ip("neigh", "del", nbVtep, "dev", Dev);
        host.Ip("neigh", "add", nbVtep, "lladdr", "02:00:00:00:00:99", "dev", Dev, "nud", "permanent");
        Bridge("fdb", "del", nbMac, "dev", Dev, "self");
        Bridge("fdb", "add", nbMac, "dev", Dev, "dst", "198.18.7.99", "self", "permanent");
        Bridge("fdb", "append", "00:00:00:00:00:00", "dev", Dev, "dst", "198.18.7.98", "self", "permanent");

        var pass = Once("pass over foreign entries");

        Assert.Contains("conflict: 2 neighbour/FDB entries not programmed", pass.Stdout);
        Assert.Contains($"neighbor {nbVtep} dev {Dev}: theirs lladdr 02:00:00:00:00:99, plan lladdr {nbMac}", pass.Stdout);
        Assert.Contains($"fdb {nbMac} dev {Dev}: theirs dst 198.18.7.99, plan dst 198.18.7.2", pass.Stdout);
        AssertForeignIntact(nbVtep, nbMac);
        Assert.Equal("118", Neighbor(ncVtep)["protocol"]?.ToString());
        Assert.Contains("extern_learn", Flags(Fdb(ncMac)));

        Vxmesh.RunIn(host, "agent", "-f", inventory, "--node", "na", "--uninstall").EnsureSuccess("agent --uninstall");

        AssertForeignIntact(nbVtep, nbMac);
        Assert.Single(host.IpJson("link", "show", "dev", Dev));
        Assert.DoesNotContain(host.IpJson("neigh", "show", "dev", Dev), n => n!["dst"]!.ToString() == ncVtep);
        Assert.DoesNotContain(BridgeJson("fdb", "show", "dev", Dev), f => f!["mac"]!.ToString() == ncMac);
        Assert.Empty(host.IpJson("route", "show", "proto", "118"));
    }

    [Fact]
    public void Agent_HandMadeEntriesAsThePlanHasThem_AdoptedAndMarked()
    {
        Once("first pass");
        var (nbVtep, nbMac) = PeerEntry("198.18.7.2");
        host.Ip("neigh", "del", nbVtep, "dev", Dev);
        host.Ip("neigh", "add", nbVtep, "lladdr", nbMac, "dev", Dev, "nud", "permanent");
        Bridge("fdb", "del", nbMac, "dev", Dev, "self");
        Bridge("fdb", "add", nbMac, "dev", Dev, "dst", "198.18.7.2", "self", "permanent");
        Assert.Null(Neighbor(nbVtep)["protocol"]);
        Assert.DoesNotContain("extern_learn", Flags(Fdb(nbMac)));

        var pass = Once("pass over hand-made entries");

        Assert.DoesNotContain("conflict", pass.Stdout);
        Assert.Equal("118", Neighbor(nbVtep)["protocol"]?.ToString());
        Assert.Equal(("198.18.7.2", true), (Fdb(nbMac)["dst"]!.ToString(), Flags(Fdb(nbMac)).Contains("extern_learn")));
        Assert.Contains("0 changes", Once("pass after adoption").Stdout);
    }

    private Shell.Result Once(string what) =>
        Vxmesh.RunIn(host, "agent", "-f", inventory, "--node", "na", "--once").EnsureSuccess($"agent --once ({what})");

    /// <summary>The peer's VTEP address and MAC, as the agent programmed them (its FDB entry points at the underlay).</summary>
    private (string Vtep, string Mac) PeerEntry(string underlay)
    {
        var mac = BridgeJson("fdb", "show", "dev", Dev).Single(f => f!["dst"]?.ToString() == underlay)!["mac"]!.ToString();
        var vtep = host.IpJson("neigh", "show", "dev", Dev).Single(n => n!["lladdr"]?.ToString() == mac)!["dst"]!.ToString();
        return (vtep, mac);
    }

    private void AssertForeignIntact(string nbVtep, string nbMac)
    {
        var neighbor = Neighbor(nbVtep);
        Assert.Equal(("02:00:00:00:00:99", null), (neighbor["lladdr"]!.ToString(), neighbor["protocol"]?.ToString()));
        var fdb = Fdb(nbMac);
        Assert.Equal("198.18.7.99", fdb["dst"]!.ToString());
        Assert.DoesNotContain("extern_learn", Flags(fdb));
        Assert.Contains(BridgeJson("fdb", "show", "dev", Dev), f => f!["mac"]!.ToString() == "00:00:00:00:00:00" && f["dst"]!.ToString() == "198.18.7.98");
    }

    private JsonNode Neighbor(string ip) => host.IpJson("neigh", "show", ip, "dev", Dev).Single()!;

    private JsonNode Fdb(string mac) => BridgeJson("fdb", "show", "dev", Dev).Single(f => f!["mac"]!.ToString() == mac)!;

    private static List<string> Flags(JsonNode fdb) => [.. fdb["flags"]!.AsArray().Select(f => f!.ToString())];

    private void Bridge(params string[] arguments) => host.Bridge(arguments);

    private JsonArray BridgeJson(params string[] arguments) => host.BridgeJson(arguments);

    public void Dispose()
    {
        host.Dispose();
        File.Delete(inventory);
    }
}
