using System.Net;
using Microsoft.Extensions.Logging;
using VxMesh.Agent.Registry.Etcd;
using Xunit.Abstractions;

namespace VxMesh.Agent.Tests.Registry.Support;

/// <summary>One etcd per test class; every test works under its own key prefix.</summary>
public sealed class EtcdFixture : IDisposable
{
    public EtcdServer Server { get; } = new();

    public void Dispose() => Server.Dispose();
}

/// <summary>The test mesh (TEST-NET and 198.18.0.0/15 addresses only) and helpers to put it in etcd.</summary>
public static class TestRegistry
{
    public const string Inventory = """
        mesh:
          vni: 4242
          device: vxm-test
          vtepCidr: 198.19.250.0/24
        clusters:
          - name: east
            cni: calico
            podCidrs: [198.18.128.0/20]
            serviceCidrs: [198.18.144.0/22]
          - name: west
            cni: flannel
            podCidrs: [198.18.160.0/20]
        """;

    public const string InventoryWithNodes = """
        mesh:
          vni: 4242
          vtepCidr: 198.19.250.0/24
        clusters:
          - name: east
            cni: calico
            podCidrs: [198.18.128.0/20]
            nodes:
              - name: e1
                ip: 192.0.2.11
                podCidrs: [198.18.128.0/26]
          - name: west
            cni: flannel
            podCidrs: [198.18.160.0/20]
            nodes:
              - name: w1
                ip: 198.51.100.21
                podCidrs: [198.18.161.0/24]
        """;

    public static RegistryKeys NewKeys() => new($"/t-{Guid.NewGuid():N}"[..12] + "/");

    public static async Task LoadAsync(EtcdConnection etcd, RegistryKeys keys, string yaml = Inventory)
    {
        var result = await RegistryLoader.LoadAsync(etcd, keys, yaml, "test.yaml", withNodes: false, null, CancellationToken.None);
        Assert.True(result.Written, string.Join("; ", result.Problems.Select(p => p.ToString()).Concat(result.Conflicts)));
    }

    public static NodeRegistrarSpec Node(string name, string ip, string cluster = "east", params string[] blocks) =>
        new(cluster, name, IPAddress.Parse(ip), null, null, null, blocks.Select(IPNetwork.Parse).ToList());

    public static NodeRegistrar Registrar(EtcdConnection etcd, RegistryKeys keys, NodeRegistrarSpec spec, ITestOutputHelper output, int ttlSeconds = 15) =>
        new(etcd, keys, spec, new TestLogger(output, spec.Name),
            NodeRegistrarOptions.Default with { LeaseTtl = TimeSpan.FromSeconds(ttlSeconds), RetryMax = TimeSpan.FromSeconds(1) });

    /// <param name="maxBackoff">Reconnect backoff cap; default 1 s (outage tests use less to see the reconnect sooner).</param>
    public static EtcdInventorySource Source(EtcdConnection etcd, RegistryKeys keys, ITestOutputHelper output, string name = "source", TimeSpan? maxBackoff = null)
    {
        var source = new EtcdInventorySource(etcd, keys, new TestLogger(output, name),
            new EtcdSourceOptions(TimeSpan.FromMilliseconds(100), maxBackoff ?? TimeSpan.FromSeconds(1)));
        source.Start();
        return source;
    }

    public static bool Has(this EtcdInventorySource source, string node) => source.Read().Inventory?.FindNode(node) is not null;

    public static ILogger Log(ITestOutputHelper output, string name) => new TestLogger(output, name);
}
