using System.Text.Json.Nodes;
using VxMesh.Lab.Churn;
using VxMesh.Lab.Runtime;
using VxMesh.Lab.Tests.Support;

namespace VxMesh.Lab.Tests.EndToEnd;

/// <summary>`vxmesh status --agent-port`: the registry's view joined with every node's data path as its peers' agents see it.</summary>
public partial class EtcdLabTests
{
    [Fact]
    public async Task StatusWithAgentPort_ShowsEveryNodeUp_ThenTheBrokenPairDown_AndExits1()
    {
        var nodes = lab.State.Nodes;
        var (a, b) = (nodes[0], nodes.First(n => n.Cluster != nodes[0].Cluster));
        await KubernetesLabFixture.EventuallyAsync(async () => (await DataPathsAsync()).Paths is var p && nodes.All(n => State(p, n) == "up"),
            TimeSpan.FromSeconds(30), async () => (await DataPathsAsync()).Paths.ToJsonString());
        var (healthy, exit) = await DataPathsAsync();
        Assert.Equal(0, exit);
        foreach (var node in nodes)
        {
            var path = healthy[$"{node.Cluster}/{node.Name}"]!;
            Assert.Equal(nodes.Count - 1, (int)path["seenBy"]!);
            Assert.True((bool)path["ownAgent"]!);
            Assert.True((double)path["rttP50Ms"]! > 0);
        }

        try
        {
            await PathFault.BreakAsync(lab.Name, a.Name, b.Name, CancellationToken.None);
            // Each end is down as the other sees it: one of its peers; everyone else still up.
            await KubernetesLabFixture.EventuallyAsync(async () => (await DataPathsAsync()).Paths is var p && State(p, a) == "down" && State(p, b) == "down",
                TimeSpan.FromSeconds(30), async () => (await DataPathsAsync()).Paths.ToJsonString());
            var (broken, brokenExit) = await DataPathsAsync();
            Assert.Equal(1, brokenExit);
            Assert.Equal(1, (int)broken[$"{a.Cluster}/{a.Name}"]!["seenDown"]!);
            Assert.All(nodes.Where(n => n != a && n != b), n => Assert.Equal("up", State(broken, n)));
        }
        finally
        {
            await PathFault.RestoreAsync(lab.Name, a.Name, b.Name, CancellationToken.None);
        }
        await KubernetesLabFixture.EventuallyAsync(async () => (await DataPathsAsync()).Paths is var p && nodes.All(n => State(p, n) == "up"),
            TimeSpan.FromSeconds(30), async () => (await DataPathsAsync()).Paths.ToJsonString());
    }

    private static string? State(JsonNode paths, LabNodeState node) => (string?)paths[$"{node.Cluster}/{node.Name}"]?["state"];

    /// <summary>`status --agent-port 9890 -o json` run where an operator's shell would reach every node: inside the first node's namespace.</summary>
    private async Task<(JsonNode Paths, int Exit)> DataPathsAsync()
    {
        var pki = LabPaths.For(lab.Name).Pki;
        var result = await Kernel.ExecAsync(lab.State.Nodes[0].Namespace, [.. TestEnvironment.Agent.Command(["status", "--etcd", "https://198.18.0.2:2379",
            "--etcd-ca", $"{pki}/ca.crt", "--etcd-cert", $"{pki}/vxmesh-admin.crt", "--etcd-key", $"{pki}/vxmesh-admin.key", "--agent-port", "9890", "-o", "json"])]);
        var status = JsonNode.Parse(result.Stdout) ?? throw new InvalidOperationException(result.Stderr);
        return (status["dataPaths"] ?? throw new InvalidOperationException($"no dataPaths in {result.Stdout}"), result.ExitCode);
    }
}
