using VxMesh.Cli.Tests.Support;
using VxMesh.Tests.Shared;

namespace VxMesh.Cli.Tests.Verbs;

/// <summary>
/// mesh.txChecksumOffload: false (the vxlan + NAT stall workaround) reaches a running device and
/// stays applied; the oracle is `ethtool -k`, not our own ioctl read-back.
/// </summary>
public sealed class TxChecksumTests : IDisposable
{
    private readonly string inventory = Path.Combine(Path.GetTempPath(), $"vxmesh-notx-{Guid.NewGuid():N}.yaml");

    public TxChecksumTests() =>
        File.WriteAllText(inventory, File.ReadAllText(Repo.Path("examples", "seed-000.yaml"))
            .Replace("mesh:\n", "mesh:\n  txChecksumOffload: false\n"));

    [Fact]
    public void AgentOnce_OffloadOffOnRunningDevice_TurnsItOffAndRepairsItAfterItIsTurnedOnByHand()
    {
        const string node = "multicluster-test-001";
        using var ns = new TestNamespace("vxcli").WithUnderlay("192.168.0.21/24");
        Vxmesh.RunIn(ns, "agent", "-f", Repo.Path("examples", "seed-000.yaml"), "--node", node, "--once").EnsureSuccess("agent, offload default");
        Assert.Equal("on", Offload(ns));

        Vxmesh.RunIn(ns, "agent", "-f", inventory, "--node", node, "--once").EnsureSuccess("agent, offload off");
        Assert.Equal("off", Offload(ns));

        ns.Exec(["ethtool", "-K", "vxlan-test", "tx", "on"]);
        Assert.Equal("on", Offload(ns));
        var repair = Vxmesh.RunIn(ns, "agent", "-f", inventory, "--node", node, "--once").EnsureSuccess("agent, repair");
        Assert.Contains(": 1 changes, converged", repair.Stdout);
        Assert.Equal("off", Offload(ns));
    }

    private static string Offload(TestNamespace ns) =>
        ns.Exec(["ethtool", "-k", "vxlan-test"]).EnsureSuccess("ethtool -k").Stdout
            .Split('\n').Single(l => l.Trim().StartsWith("tx-checksum-ip-generic:")).Split(':')[1].Trim().Split(' ')[0];

    public void Dispose() => File.Delete(inventory);
}
