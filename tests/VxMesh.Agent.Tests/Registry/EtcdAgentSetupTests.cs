using System.Net;
using VxMesh.Agent.Discovery;
using VxMesh.Agent.Registry.Etcd;
using VxMesh.Agent.Tests.Registry.Support;
using VxMesh.Netlink;
using VxMesh.Tests.Shared;
using Xunit.Abstractions;

namespace VxMesh.Agent.Tests.Registry;

/// <summary>The factory the agent calls: discovery in a namespace, registration, block updates, deregistration.</summary>
public sealed class EtcdAgentSetupTests(EtcdFixture etcd, ITestOutputHelper output) : IClassFixture<EtcdFixture>, IDisposable
{
    private readonly TestNamespace ns = new("vxm-agent");
    private readonly EtcdConnection admin = EtcdConnection.Create(etcd.Server.Url);
    private readonly RegistryKeys keys = TestRegistry.NewKeys();

    private EtcdAgentOptions Options(params string[] podCidrs) =>
        new(etcd.Server.Url, keys.Prefix, "east", "n1", UnderlayDev: null, podCidrs.Select(IPNetwork.Parse).ToList(), TimeSpan.FromSeconds(5))
        {
            Discovery = DiscoveryOptions.Default with { FlannelSubnetFile = "/nonexistent/subnet.env" },
            BlockWatch = new BlockWatcherOptions(TimeSpan.FromSeconds(30), UseMonitor: true),
        };

    [Fact]
    public async Task StartAsync_DiscoversRegistersFollowsBlocks_AndDeregisters()
    {
        await TestRegistry.LoadAsync(admin, keys);
        ns.WithUnderlay("192.0.2.10/24");
        ns.Ip("route", "add", "default", "via", "192.0.2.1", "dev", "eth0");
        ns.Ip("route", "add", "blackhole", "198.18.128.0/26", "proto", "12");
        using var rtnl = RtnlClient.OpenInNamespace(ns.Name);
        await using var peerView = TestRegistry.Source(admin, keys, output, "peer");

        await using var agent = await EtcdAgentSetup.StartAsync(Options(), rtnl, TestRegistry.Log(output, "n1"), default);

        Assert.Equal(new UnderlayAddress(IPAddress.Parse("192.0.2.10"), "eth0"), agent.Underlay);
        await Eventually.Holds(() => peerView.Has("n1"), 3, "n1 visible to a peer");
        var node = peerView.Read().Inventory!.FindNode("n1")!.Value.Node;
        Assert.Equal(IPAddress.Parse("192.0.2.10"), node.Ip);
        Assert.Equal("eth0", node.UnderlayDev);
        Assert.Equal(IPAddress.Parse("198.19.250.10"), node.VtepIp);
        Assert.Equal(["198.18.128.0/26"], node.PodCidrs.Select(b => b.ToString()));
        Assert.True(agent.Source.Read().Inventory?.FindNode("n1") is not null, "the agent's own source sees itself");

        ns.Ip("route", "add", "blackhole", "198.18.128.64/26", "proto", "12");
        await Eventually.Holds(() => peerView.Read().Inventory?.FindNode("n1")?.Node.PodCidrs.Count == 2, 3, "the new Calico block reaches the peer");

        await agent.DeregisterAsync(default);
        await Eventually.Holds(() => !peerView.Has("n1"), 1, "gone at once after deregistration");
    }

    [Fact]
    public async Task StartAsync_ExplicitPodCidrAndIp_NeedNoKernel_AndOurDeletedKeyComesBack()
    {
        await TestRegistry.LoadAsync(admin, keys);
        var options = Options("198.18.140.0/24") with { Ip = IPAddress.Parse("203.0.113.5") };
        await using var peerView = TestRegistry.Source(admin, keys, output, "peer");

        await using var agent = await EtcdAgentSetup.StartAsync(options, null, TestRegistry.Log(output, "n1"), default);
        await Eventually.Holds(() => peerView.Has("n1"), 3, "n1 visible");
        Assert.Null(agent.Blocks);

        // Someone deletes our key behind our back (etcdctl del): the agent puts it back.
        await admin.Kv.DeleteRangeAsync(new Etcdserverpb.DeleteRangeRequest { Key = Google.Protobuf.ByteString.CopyFromUtf8(agent.Registrar!.Key) });
        await Eventually.Holds(() => EtcdReads.GetAsync(admin, agent.Registrar.Key, default).Result is not null, 3, "our key is back", pollMs: 20);
    }

    [Fact]
    public async Task StartAsync_MeshVtepCidrChanged_NodeMovesItsVtepIp()
    {
        await TestRegistry.LoadAsync(admin, keys);
        var options = Options("198.18.141.0/24") with { Ip = IPAddress.Parse("203.0.113.6") };
        await using var peerView = TestRegistry.Source(admin, keys, output, "peer");
        await using var agent = await EtcdAgentSetup.StartAsync(options, null, TestRegistry.Log(output, "n1"), default);
        await Eventually.Holds(() => peerView.Read().Inventory?.FindNode("n1")?.Node.VtepIp?.ToString() == "198.19.250.6", 3, "n1 at .250.6");

        await TestRegistry.LoadAsync(admin, keys, TestRegistry.Inventory.Replace("198.19.250.0/24", "198.19.251.0/24"));

        await Eventually.Holds(() => peerView.Read().Inventory?.FindNode("n1")?.Node.VtepIp?.ToString() == "198.19.251.6", 3, "n1 moved to .251.6");
    }

    public void Dispose()
    {
        admin.Dispose();
        ns.Dispose();
    }
}
