using System.Diagnostics;
using System.Net;
using VxMesh.Lab.Churn;
using VxMesh.Lab.Registry;
using VxMesh.Lab.Runtime;
using VxMesh.Lab.Tests.Support;
using VxMesh.Lab.Verify;
using Xunit.Abstractions;

namespace VxMesh.Lab.Tests.EndToEnd;

public sealed class ChurnLab : LabFixture
{
    protected override string Yaml => TestTopologies.EtcdChurn;

    protected override char Tag => 'e';

    protected override EtcdLabOptions? Etcd => EtcdLabOptions.Default;
}

/// <summary>
/// An etcd lab under churn and faults: nodes join, leave and crash; an agent and etcd die and
/// come back. The kernel is read with iproute2's JSON, traffic goes between the lab's pods.
/// Every test leaves the lab as it found it (nodes it added are removed, also on failure).
/// </summary>
[Collection(LabCollection.Name)]
public partial class EtcdLabTests(ChurnLab lab, ITestOutputHelper output) : IClassFixture<ChurnLab>
{
    /// <summary>
    /// A bound for "it converged at all", not a performance check: on a shared 2-core machine a
    /// timed assertion would be a flake. The "within 2 s" figures come from the lab verbs'
    /// own measurements (docs/lab.md) and `vxmesh bench convergence`; the test prints what it saw.
    /// </summary>
    private const double WithinMs = 15_000;

    [Fact]
    public async Task Up_RunsEtcdInItsOwnNamespace_AndEveryAgentRegisteredItself()
    {
        Assert.True(lab.Report.Ok, LabFixture.Describe(lab.Report.Pairs.Where(p => !p.Ok || !p.SourcePreserved)));
        var status = LabStatus.Read(lab.Name);
        Assert.Equal("up", status.State);
        Assert.Equal(("etcd", "running", 10), (status.Registry!.Mode, status.Registry.Etcd, status.Registry.LeaseTtlSeconds));
        var address = Assert.Single(await Kernel.IpJsonAsync(lab.State.Registry!.Namespace, "addr", "show", "eth0"))!["addr_info"]![0]!;
        Assert.Equal("198.18.0.2", (string)address["local"]!);

        var paths = LabPaths.For(lab.Name);
        foreach (var node in status.Nodes)
        {
            var command = ProcInfo.CommandLine(node.AgentPid!.Value);
            Assert.Contains($"agent --etcd https://198.18.0.2:2379 --cluster {node.Cluster} --node {node.Name}", command);
            // Its own cluster's certificate and nothing else.
            Assert.Contains($"--etcd-cert {paths.Pki}/vxmesh-cluster-{node.Cluster}.crt --etcd-key {paths.Pki}/vxmesh-cluster-{node.Cluster}.key", command);
            Assert.DoesNotContain("vxmesh-admin", command);
            Assert.DoesNotContain(paths.Inventory, command);
            Assert.NotNull(AgentLog.FirstAfter(paths, node.Name, AgentLog.Registered, lab.State.Created, TimeProvider.System));
        }
        Assert.Contains(IPNetwork.Parse("198.19.112.0/24"), await RoutesAsync("ea-1"));
        // Allocated by the agent itself (the derived address: vtepCidr's network + the underlay's host part), recorded from its kernel.
        Assert.Equal(IPAddress.Parse("198.18.210.11"), lab.Node("ea-1").VxlanAddress);
    }

    [Fact]
    public async Task NodeAdd_PassesVerifyOnceRegistered_AndNodeRm_ClearsEveryPeer()
    {
        var block = IPNetwork.Parse("198.19.98.0/24");
        try
        {
            var added = await new LabNodeAdd(TestEnvironment.Agent, lab.Log).RunAsync(lab.Name, new NodeRequest("ea-3", "ea", "198.18.6.13", [block.ToString()], null), CancellationToken.None);

            output.WriteLine($"node add: in every peer's kernel {added.ConvergenceMs:F0} ms after registering, ready {added.ReadyMs:F0} ms");
            Assert.InRange(added.ConvergenceMs!.Value, 0, WithinMs);
            Assert.InRange(added.ReadyMs!.Value, 0, WithinMs);
            Assert.Contains(block, await RoutesAsync("wf-1"));
            Assert.Single(await Kernel.IpJsonAsync(Ns("ea-1"), "-d", "link", "show", "vxlan.calico"));
            Assert.Single(await Kernel.IpJsonAsync(Ns("ea-1"), "route", "show", block.ToString(), "dev", "vxlan.calico"));
            var state = LabState.Load(LabPaths.For(lab.Name))!;
            var report = await Verifier.RunAsync(state, CancellationToken.None);
            Assert.True(report.Ok, LabFixture.Describe(report.Pairs.Where(p => !p.Ok || !p.SourcePreserved)));
            Assert.Equal(2 * (state.Pods.Count - 1), report.Pairs.Count(p => p.From == "ea-3-pod1" || p.To == "ea-3-pod1"));

            var removed = await new LabNodeRemove(lab.Log).RunAsync(lab.Name, "ea-3", crash: false, CancellationToken.None);

            Assert.True(removed.Deregistered);
            output.WriteLine($"node rm: gone from every peer {removed.GoneMs:F0} ms after SIGTERM");
            Assert.InRange(removed.GoneMs!.Value, 0, WithinMs);
            Assert.DoesNotContain(block, await RoutesAsync("wf-1"));
            // ea-3 was ea-1's only peer across segments: the CNI's vxlan.calico went with it.
            Assert.DoesNotContain("vxlan.calico", (await Kernel.IpJsonAsync(Ns("ea-1"), "link", "show")).Select(l => (string)l!["ifname"]!));
            Assert.DoesNotContain(Netns.List(), n => n.StartsWith(Ns("ea-3"), StringComparison.Ordinal));
            Assert.Equal(["ea-1", "ea-2", "wf-1"], LabStatus.Read(lab.Name).Nodes.Select(n => n.Name));
        }
        finally
        {
            await RemoveIfPresentAsync("ea-3");
        }
    }

    [Fact]
    public async Task NodeCrash_StaysInPeersUntilItsLeaseExpires_ThenLeavesEveryPeer()
    {
        var block = IPNetwork.Parse("198.19.113.0/24");
        var ttl = lab.State.Registry!.LeaseTtlSeconds;
        try
        {
            await new LabNodeAdd(TestEnvironment.Agent, lab.Log).RunAsync(lab.Name, new NodeRequest("wf-2", "wf", "198.18.6.22", [block.ToString()], null), CancellationToken.None);
            Assert.Single(await Kernel.IpJsonAsync(Ns("wf-1"), "route", "show", block.ToString(), "dev", "flannel.1"));

            await new LabNodeRemove(lab.Log).RunAsync(lab.Name, "wf-2", crash: true, CancellationToken.None);
            var clock = Stopwatch.StartNew();

            Assert.DoesNotContain(Netns.List(), n => n.StartsWith(Ns("wf-2"), StringComparison.Ordinal));
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.Contains(block, await RoutesAsync("ea-1"));
            while (clock.Elapsed < TimeSpan.FromSeconds(ttl + 3) && ((await RoutesAsync("ea-1")).Contains(block) || (await RoutesAsync("ea-2")).Contains(block)))
            {
                await Task.Delay(100);
            }
            // Renewals come every TTL/3, so the lease runs out between 2/3 TTL and one TTL after the crash.
            Assert.InRange(clock.Elapsed.TotalSeconds, ttl * 2.0 / 3 - 0.5, ttl + 2);
            Assert.DoesNotContain(block, await RoutesAsync("ea-1"));
            Assert.DoesNotContain(block, await RoutesAsync("ea-2"));
            Assert.True((await Verifier.RunAsync(LabState.Load(LabPaths.For(lab.Name))!, CancellationToken.None)).Ok);
        }
        finally
        {
            await RemoveIfPresentAsync("wf-2");
        }
    }

    [Fact]
    public async Task AgentKillAndStart_DuringAContinuousPing_LosesNoPacket_AndAdoptsTheKernelAsItIs()
    {
        var routesBefore = (await Kernel.IpJsonAsync(Ns("ea-1"), "route", "show", "proto", "118")).ToJsonString();
        var ping = Ping.RunAsync(Ns("ea-1-pod1"), Pod("wf-1-pod1"), count: 500, TimeSpan.FromSeconds(30));
        await Task.Delay(500);

        await AgentControl.KillAsync(lab.Name, "ea-1", CancellationToken.None);
        var log = LabPaths.For(lab.Name).AgentLog("ea-1");
        var offset = new FileInfo(log).Length;
        await AgentControl.StartAsync(lab.Name, "ea-1", TestEnvironment.Agent, CancellationToken.None);

        Assert.False(ping.IsCompleted, "the ping ended before the agent was back: raise its count");
        var outcome = await ping;
        Assert.True(outcome.Lost == 0, outcome.Output);
        Assert.Contains("pass (start): 0 changes", File.ReadAllText(log)[(int)offset..]);
        Assert.Equal(routesBefore, (await Kernel.IpJsonAsync(Ns("ea-1"), "route", "show", "proto", "118")).ToJsonString());
        Assert.Equal("up", LabStatus.Read(lab.Name).State);
    }

    [Fact]
    public async Task EtcdStoppedForTenSeconds_LosesNoPacket_AndTheMeshStillConvergesAfterwards()
    {
        var paths = LabPaths.For(lab.Name);
        var ping = Ping.RunAsync(Ns("ea-2-pod1"), Pod("wf-1-pod1"), count: 1500, TimeSpan.FromSeconds(60));
        await Task.Delay(500);
        try
        {
            await EtcdControl.StopAsync(lab.Name, CancellationToken.None);
            Assert.Equal("stopped", LabStatus.Read(lab.Name).Registry!.Etcd);
            Assert.True(Directory.Exists(paths.EtcdData));
            await Task.Delay(TimeSpan.FromSeconds(10));
            await EtcdControl.StartAsync(lab.Name, CancellationToken.None);

            Assert.False(ping.IsCompleted, "the ping ended before etcd was back: raise its count");
            var outcome = await ping;
            Assert.True(outcome.Lost == 0, outcome.Output);

            var added = await new LabNodeAdd(TestEnvironment.Agent, lab.Log).RunAsync(lab.Name, new NodeRequest("ea-4", "ea", "198.18.5.14", ["198.19.99.0/24"], null), CancellationToken.None);
            Assert.InRange(added.ReadyMs!.Value, 0, WithinMs);
            Assert.Contains(IPNetwork.Parse("198.19.99.0/24"), await RoutesAsync("wf-1"));
            var report = await Verifier.RunAsync(LabState.Load(paths)!, CancellationToken.None);
            Assert.True(report.Ok, LabFixture.Describe(report.Pairs.Where(p => !p.Ok || !p.SourcePreserved)));
        }
        finally
        {
            if (LabStatus.Read(lab.Name).Registry!.Etcd == "stopped")
            {
                await EtcdControl.StartAsync(lab.Name, CancellationToken.None);
            }
            await RemoveIfPresentAsync("ea-4");
        }
    }

    [Fact]
    public async Task Verbs_RefuseUnknownLabsNodesAndFileLabs_AsInputErrors_AndDoubleStartsAsRuntimeErrors()
    {
        var unknown = await Assert.ThrowsAsync<LabInputException>(() => AgentControl.KillAsync("zz" + lab.Name[1..], "ea-1", CancellationToken.None));
        Assert.Contains("is not up", unknown.Message);
        var node = await Assert.ThrowsAsync<LabInputException>(() => new LabNodeRemove(lab.Log).RunAsync(lab.Name, "nope", crash: false, CancellationToken.None));
        Assert.Contains("has no node 'nope'; its nodes: ea-1, ea-2, wf-1", node.Message);
        var running = await Assert.ThrowsAsync<LabException>(() => EtcdControl.StartAsync(lab.Name, CancellationToken.None));
        Assert.Contains("already running", running.Message);

        // A file lab's state, without namespaces: the churn verbs refuse it before touching anything.
        var fileLab = TestEnvironment.UniqueLabName('g');
        var paths = LabPaths.For(fileLab);
        Directory.CreateDirectory(paths.Directory);
        try
        {
            (lab.State with { Lab = fileLab, Registry = null }).Save(paths);
            var refused = await Assert.ThrowsAsync<LabInputException>(() => EtcdControl.StopAsync(fileLab, CancellationToken.None));
            Assert.Contains("needs an etcd lab", refused.Message);
        }
        finally
        {
            Directory.Delete(paths.Directory, recursive: true);
        }
    }

    private string Ns(string member) => $"vxlab-{lab.Name}-{member}";

    private string Pod(string name) => LabState.Load(LabPaths.For(lab.Name))!.Pods.Single(p => p.Name == name).Ip.ToString();

    private Task<HashSet<IPNetwork>> RoutesAsync(string node) => Readiness.KernelRoutesAsync(Ns(node), CancellationToken.None);

    private async Task RemoveIfPresentAsync(string node)
    {
        if (LabState.Load(LabPaths.For(lab.Name))?.FindNode(node) is not null)
        {
            await new LabNodeRemove(lab.Log).RunAsync(lab.Name, node, crash: false, CancellationToken.None);
        }
    }
}
