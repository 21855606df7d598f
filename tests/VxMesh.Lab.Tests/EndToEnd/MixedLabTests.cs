using System.Net;
using VxMesh.Core.Planning;
using VxMesh.Lab.Layout;
using VxMesh.Lab.Runtime;
using VxMesh.Lab.Scripts;
using VxMesh.Lab.Tests.Support;

namespace VxMesh.Lab.Tests.EndToEnd;

public sealed class MixedLab : LabFixture
{
    protected override string Yaml => TestTopologies.Mixed;

    protected override char Tag => 'm';
}

/// <summary>
/// Both pod styles, vtepCidr addressing, a calico cluster split across routed segments, a node
/// with two blocks, two pods per node, ippools on: every pair connects with its source kept.
/// </summary>
[Collection(LabCollection.Name)]
public class MixedLabTests(MixedLab lab) : IClassFixture<MixedLab>
{
    [Fact]
    public void Verify_EveryPodReachesEveryPodOnOtherNodesWithItsOwnSourceIp()
    {
        Assert.True(lab.Report.Ok, LabFixture.Describe(lab.Report.Pairs.Where(p => !p.Ok || !p.SourcePreserved)));
        Assert.Equal(8 * 6, lab.Report.Pairs.Count);
        Assert.All(lab.Report.Pairs, p => Assert.True(p.TotalMs > 0 && p.ConnectMs <= p.FirstByteMs && p.FirstByteMs <= p.TotalMs));
    }

    [Fact]
    public void Verify_CoversEachPathOfTheTopology()
    {
        var pairs = lab.Report.Pairs;
        // Calico across routed segments (vxlan.calico), into both blocks of ca-2.
        Assert.Contains(pairs, p => p.From == "ca-1-pod1" && p.To == "ca-2-pod1" && p.Ok && p.SourcePreserved);
        Assert.Contains(pairs, p => p.From == "ca-1-pod1" && p.To == "ca-2-pod2" && p.Ok && p.SourcePreserved);
        // Flannel inside its cluster (flannel.1), and both directions across clusters (the agents' mesh).
        Assert.Contains(pairs, p => p.From == "fb-1-pod2" && p.To == "fb-2-pod1" && p.Ok && p.SourcePreserved);
        Assert.Contains(pairs, p => p.From == "fb-2-pod1" && p.To == "ca-1-pod2" && p.Ok && p.SourcePreserved);
        Assert.Contains(pairs, p => p.From == "ca-2-pod2" && p.To == "fb-1-pod1" && p.Ok && p.SourcePreserved);
    }

    [Fact]
    public async Task Agents_ProgrammedEveryPlannedRouteAndTheMeshDevice()
    {
        foreach (var node in lab.State.Nodes)
        {
            var planned = Planner.Plan(lab.Topology.Inventory, node.Name).Routes.Select(r => r.Destination).ToHashSet();
            Assert.Superset(planned, await Readiness.KernelRoutesAsync(node.Namespace, CancellationToken.None));

            var device = Assert.Single(await Kernel.IpJsonAsync(node.Namespace, "-d", "link", "show", "vxm0"))!;
            Assert.Equal(7001, (int)device["linkinfo"]!["info_data"]!["id"]!);
            Assert.Equal(4800, (int)device["linkinfo"]!["info_data"]!["port"]!);
        }
    }

    [Fact]
    public async Task CalicoNode_HasABlackholePerBlockAndProxyArpOnItsHostVeths()
    {
        var node = lab.Node("ca-2");

        var blackholes = await Kernel.IpJsonAsync(node.Namespace, "route", "show", "type", "blackhole");
        Assert.Equal(["198.19.2.0/24", "198.19.3.0/24"], blackholes.Select(r => (string)r!["dst"]!).Order());
        foreach (var pod in LayoutBuilder.Build(lab.Topology).PodsOf("ca-2"))
        {
            Assert.Equal("1", await Kernel.SysctlAsync(node.Namespace, $"net/ipv4/conf/{pod.HostVeth}/proxy_arp"));
            Assert.Equal("0", await Kernel.SysctlAsync(node.Namespace, $"net/ipv4/neigh/{pod.HostVeth}/proxy_delay"));
        }
    }

    [Fact]
    public async Task FlannelNode_HasCni0HoldingEachPodGateway()
    {
        var cni0 = Assert.Single(await Kernel.IpJsonAsync(lab.Node("fb-1").Namespace, "addr", "show", "cni0"))!;

        Assert.Contains("198.19.16.1", cni0["addr_info"]!.AsArray().Select(a => (string)a!["local"]!));
    }

    [Fact]
    public async Task EveryNode_HasTheCnisMasqueradeRule()
    {
        foreach (var node in lab.State.Nodes)
        {
            var table = await Kernel.ExecAsync(node.Namespace, "nft", "list", "table", "ip", NatRules.Table);
            Assert.True(table.Ok, table.Stderr);
            Assert.Contains("masquerade", table.Stdout);
        }
    }

    [Fact]
    public void Status_ShowsEveryAgentAndNginxRunning()
    {
        var status = LabStatus.Read(lab.Name);

        Assert.Equal("up", status.State);
        Assert.Equal(4, status.Nodes.Count);
        Assert.All(status.Nodes, n => Assert.NotNull(n.AgentPid));
        Assert.All(status.Pods, p => Assert.NotNull(p.NginxPid));
        Assert.Equal(["ca", "fb"], status.Clusters.Select(c => c.Name));
    }

    [Fact]
    public async Task Exec_RunsInsideThePodAndPassesTheExitCodeThrough()
    {
        var pod = lab.State.Pods[0];

        Assert.Equal(3, await LabExec.RunAsync(pod.Namespace, ["sh", "-c", "exit 3"], TimeSpan.FromSeconds(10), CancellationToken.None));
        var address = await Kernel.IpJsonAsync(pod.Namespace, "addr", "show", "eth0");
        Assert.Equal(pod.Ip.ToString(), (string)address[0]!["addr_info"]![0]!["local"]!);
    }

    [Fact]
    public async Task RootNamespace_HoldsNoneOfTheLabsInterfaces()
    {
        var layout = LayoutBuilder.Build(lab.Topology);
        var ours = layout.Pods.Select(p => p.HostVeth).Concat(layout.Nodes.Select(n => n.FabricPort)).ToHashSet();

        Assert.DoesNotContain(await Kernel.RootInterfacesAsync(), ours.Contains);
    }

    [Fact]
    public async Task Up_WithTheNameOfARunningLab_IsRefusedAndLeavesItRunning()
    {
        var up = new LabUp(TestEnvironment.Agent, new SilentLabLog());

        var error = await Assert.ThrowsAsync<LabException>(() => up.RunAsync(lab.Topology, CancellationToken.None));

        Assert.Contains("already exists", error.Message);
        Assert.Equal("up", LabStatus.Read(lab.Name).State);
    }
}
