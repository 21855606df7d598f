using VxMesh.Lab.Registry;
using VxMesh.Lab.Runtime;
using VxMesh.Lab.Tests.Support;
using VxMesh.Lab.Topology;
using VxMesh.Lab.Verify;

namespace VxMesh.Lab.Tests.EndToEnd;

/// <summary>Up, down, failure and coexistence: what must hold for labs to be safe on a shared machine.</summary>
[Collection(LabCollection.Name)]
public class LifecycleTests
{
    [Fact]
    public async Task Down_RemovesEveryNamespaceProcessAndFile_AndIsSafeToRepeat()
    {
        TestEnvironment.RequireRoot();
        var name = TestEnvironment.UniqueLabName('d');
        try
        {
            var state = await Up(name);
            var pids = new List<int>();
            foreach (var ns in Netns.WithPrefix(LabName.Prefix(name)))
            {
                pids.AddRange(await Netns.PidsAsync(ns, CancellationToken.None));
            }
            var status = LabStatus.Read(name);
            Assert.Equal(2 + 2 * 2, pids.Count); // two agents, two nginx masters and their workers
            var recorded = status.Nodes.Select(n => n.AgentPid!.Value).Concat(status.Pods.Select(p => p.NginxPid!.Value)).ToHashSet();
            Assert.Superset(recorded, pids.ToHashSet());

            var report = await LabDown.RunAsync(name, new SilentLabLog(), CancellationToken.None);

            Assert.Equal(1 + state.Nodes.Count + state.Pods.Count, report.Namespaces);
            Assert.Empty(report.Leftovers);
            Assert.Empty(Netns.WithPrefix(LabName.Prefix(name)));
            Assert.DoesNotContain(pids, ProcInfo.IsAlive);
            Assert.False(Directory.Exists(LabPaths.For(name).Directory));
            var again = await LabDown.RunAsync(name, new SilentLabLog(), CancellationToken.None);
            Assert.Equal((0, 0), (again.Namespaces, again.Processes));
            Assert.Equal("absent", LabStatus.Read(name).State);
        }
        finally
        {
            await LabDown.RunAsync(name, new SilentLabLog(), CancellationToken.None);
        }
    }

    [Fact]
    public async Task TwoLabsWithTheSameAddresses_Coexist_AndDownAfterACrashFindsEverything()
    {
        TestEnvironment.RequireRoot();
        var (a, b) = (TestEnvironment.UniqueLabName('a'), TestEnvironment.UniqueLabName('b'));
        try
        {
            var stateA = await Up(a);
            var stateB = await Up(b);
            Assert.True((await Verifier.RunAsync(stateA, CancellationToken.None)).Ok);
            Assert.True((await Verifier.RunAsync(stateB, CancellationToken.None)).Ok);

            // As if `lab up` had crashed before writing its state: down must still find all of a's namespaces and processes.
            File.Delete(LabPaths.For(a).State);
            Assert.Equal("leftover", LabStatus.Read(a).State);
            var down = await LabDown.RunAsync(a, new SilentLabLog(), CancellationToken.None);

            Assert.Empty(down.Leftovers);
            Assert.Equal(6, down.Processes);
            Assert.Empty(Netns.WithPrefix(LabName.Prefix(a)));
            Assert.Equal("up", LabStatus.Read(b).State);
            Assert.True((await Verifier.RunAsync(stateB, CancellationToken.None)).Ok);
        }
        finally
        {
            await LabDown.RunAsync(a, new SilentLabLog(), CancellationToken.None);
            await LabDown.RunAsync(b, new SilentLabLog(), CancellationToken.None);
        }
    }

    [Fact]
    public async Task Up_WhenTheAgentCannotStart_FailsAndTearsEverythingDown()
    {
        TestEnvironment.RequireRoot();
        var name = TestEnvironment.UniqueLabName('f');
        try
        {
            var up = new LabUp(new AgentProgram("dotnet", "/nonexistent/vxmesh.dll"), new SilentLabLog());

            var error = await Assert.ThrowsAsync<LabException>(() => up.RunAsync(TestTopologies.TopologyOf(TestTopologies.Tiny, name), CancellationToken.None));

            Assert.Contains("/nonexistent/vxmesh.dll", error.Message);
            Assert.Empty(Netns.WithPrefix(LabName.Prefix(name)));
            Assert.False(Directory.Exists(LabPaths.For(name).Directory));
        }
        finally
        {
            await LabDown.RunAsync(name, new SilentLabLog(), CancellationToken.None);
        }
    }

    [Fact]
    public async Task Up_WhenAnAgentExits_ReportsItsLogAndTearsEverythingDown()
    {
        TestEnvironment.RequireRoot();
        var name = TestEnvironment.UniqueLabName('x');
        var notAnAssembly = Path.Combine(Path.GetTempPath(), $"vxmesh-lab-test-{name}.dll");
        await File.WriteAllTextAsync(notAnAssembly, "not a .NET assembly");
        try
        {
            var up = new LabUp(new AgentProgram(AgentProgram.ForCli(".").Host, notAnAssembly), new SilentLabLog()) { ReadyTimeout = TimeSpan.FromSeconds(20) };

            var error = await Assert.ThrowsAsync<LabException>(() => up.RunAsync(TestTopologies.TopologyOf(TestTopologies.Tiny, name), CancellationToken.None));

            Assert.Contains("exited", error.Message);
            Assert.Contains("agent.log", error.Message);
            Assert.Empty(Netns.WithPrefix(LabName.Prefix(name)));
        }
        finally
        {
            File.Delete(notAnAssembly);
            await LabDown.RunAsync(name, new SilentLabLog(), CancellationToken.None);
        }
    }

    [Fact]
    public async Task Up_Cancelled_TearsEverythingDown()
    {
        TestEnvironment.RequireRoot();
        var name = TestEnvironment.UniqueLabName('c');
        try
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(400));
            var up = new LabUp(TestEnvironment.Agent, new SilentLabLog());

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => up.RunAsync(TestTopologies.TopologyOf(TestTopologies.Tiny, name), cancel.Token));

            Assert.Empty(Netns.WithPrefix(LabName.Prefix(name)));
            Assert.False(Directory.Exists(LabPaths.For(name).Directory));
        }
        finally
        {
            await LabDown.RunAsync(name, new SilentLabLog(), CancellationToken.None);
        }
    }

    [Fact]
    public async Task EtcdLab_Down_StopsEtcdAfterTheAgents_AndRemovesItsNamespaceAndData()
    {
        TestEnvironment.RequireRoot();
        var name = TestEnvironment.UniqueLabName('k');
        try
        {
            var state = await new LabUp(TestEnvironment.Agent, new SilentLabLog()) { Etcd = new EtcdLabOptions(5) }
                .RunAsync(TestTopologies.TopologyOf(TestTopologies.Tiny, name), CancellationToken.None);
            var status = LabStatus.Read(name);
            var etcd = status.Registry!.EtcdPid!.Value;
            Assert.Contains($"vxlab-{name}-etcd", Netns.WithPrefix(LabName.Prefix(name)));
            Assert.True(Directory.Exists(LabPaths.For(name).EtcdData));

            var report = await LabDown.RunAsync(name, new SilentLabLog(), CancellationToken.None);

            Assert.Empty(report.Leftovers);
            Assert.Equal(2 + state.Nodes.Count + state.Pods.Count, report.Namespaces);
            Assert.False(ProcInfo.IsAlive(etcd));
            Assert.False(Directory.Exists(LabPaths.For(name).Directory));
            // The agents were stopped while etcd still answered, so they deregistered instead of timing out.
            Assert.All(status.Nodes, n => Assert.False(ProcInfo.IsAlive(n.AgentPid!.Value)));
        }
        finally
        {
            await LabDown.RunAsync(name, new SilentLabLog(), CancellationToken.None);
        }
    }

    private static Task<LabState> Up(string name) =>
        new LabUp(TestEnvironment.Agent, new SilentLabLog()).RunAsync(TestTopologies.TopologyOf(TestTopologies.Tiny, name), CancellationToken.None);
}
