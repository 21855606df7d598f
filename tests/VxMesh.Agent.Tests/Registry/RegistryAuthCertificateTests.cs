using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;
using VxMesh.Agent.Registry.Etcd;
using VxMesh.Agent.Tests.Registry.Support;
using VxMesh.Core.Security;
using Xunit.Abstractions;

namespace VxMesh.Agent.Tests.Registry;

/// <summary>A real etcd over TLS with --client-cert-auth, auth turned on by <see cref="RegistryAuth"/>: users are certificate CNs.</summary>
public sealed class CertificateAuthFixture : IAsyncLifetime
{
    public EtcdTls Tls { get; } = new(clientCertAuth: true);

    public EtcdServer Server { get; private set; } = null!;

    public RegistryKeys Keys { get; } = TestRegistry.NewKeys();

    public async Task InitializeAsync()
    {
        Server = new EtcdServer(Tls);
        using var root = EtcdConnection.Create(Server.Url, Tls.Client(RegistryAuth.Root));
        await TestRegistry.LoadAsync(root, Keys);
        await RegistryAuth.EnsureUsersAsync(root, Keys, ["east", "west"], new Dictionary<string, string>(), default);
        await RegistryAuth.EnableAsync(root, default);
    }

    public EtcdConnection As(string user) => EtcdConnection.Create(Server.Url, Tls.Client(user));

    public Task DisposeAsync()
    {
        Server.Dispose();
        Tls.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>Who may read and write what, once the registry's auth is on (issue 11: an authenticated, scoped registry).</summary>
public sealed class RegistryAuthCertificateTests(CertificateAuthFixture etcd, ITestOutputHelper output) : IClassFixture<CertificateAuthFixture>
{
    private RegistryKeys Keys => etcd.Keys;

    [Fact]
    public async Task NoClientCertificate_CannotReadOrWrite()
    {
        using var anonymous = EtcdConnection.Create(etcd.Server.Url, etcd.Tls.TrustOnly);

        await Assert.ThrowsAsync<RpcException>(() => EtcdReads.RangePrefixAsync(anonymous, Keys.Prefix, default));
        await Assert.ThrowsAsync<RpcException>(() => Put(anonymous, Keys.Node("east", "intruder")));
        using var root = etcd.As(RegistryAuth.Root);
        Assert.Null(await EtcdReads.GetAsync(root, Keys.Node("east", "intruder"), default));
    }

    [Fact]
    public async Task CertificateFromAnotherCa_CannotRead()
    {
        using var otherCa = CertificateAuthority.Create("not the registry's CA");
        using var stranger = EtcdConnection.Create(etcd.Server.Url, etcd.Tls.Client(RegistryAuth.ClusterUser("east"), otherCa));

        await Assert.ThrowsAsync<RpcException>(() => EtcdReads.RangePrefixAsync(stranger, Keys.Prefix, default));
    }

    [Fact]
    public async Task ServerCertificateFromAnotherCa_ClientRefusesToTalk()
    {
        using var otherCa = CertificateAuthority.Create("someone else's CA");
        var caFile = Path.Combine(etcd.Tls.Directory, $"other-{Guid.NewGuid():N}.crt");
        File.WriteAllText(caFile, otherCa.Pem.CertificatePem);
        var genuine = etcd.Tls.Client(RegistryAuth.ClusterUser("east"));
        using var misled = EtcdConnection.Create(etcd.Server.Url, new EtcdCredentials { CaFile = caFile, CertFile = genuine.CertFile, KeyFile = genuine.KeyFile });

        await Assert.ThrowsAsync<RpcException>(() => EtcdReads.RangePrefixAsync(misled, Keys.Prefix, default));
    }

    [Fact]
    public async Task ValidCertificateForAnUnknownUser_Denied()
    {
        using var nobody = etcd.As("vxmesh-cluster-nowhere");

        var error = await Assert.ThrowsAsync<RpcException>(() => EtcdReads.RangePrefixAsync(nobody, Keys.Prefix, default));

        Assert.True(EtcdConnection.IsDenied(error), error.ToString());
    }

    [Fact]
    public async Task ClusterCredentials_ReadTheMeshWriteOnlyOwnNodeKeys()
    {
        using var east = etcd.As(RegistryAuth.ClusterUser("east"));

        var (_, entries) = await EtcdReads.RangePrefixAsync(east, Keys.Prefix, default);
        Assert.Contains(entries, e => e.Key == Keys.Mesh);
        await Put(east, Keys.Node("east", "e-own"));
        foreach (var foreign in new[] { Keys.Node("west", "w-squat"), Keys.Mesh, Keys.Cluster("west"), Keys.Prefix + "other" })
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => Put(east, foreign));
            Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        }
        var delete = await Assert.ThrowsAsync<RpcException>(async () =>
            await east.Kv.DeleteRangeAsync(new DeleteRangeRequest { Key = ByteString.CopyFromUtf8(Keys.Cluster("west")) }, east.Call(default)));
        Assert.Equal(StatusCode.PermissionDenied, delete.StatusCode);
        using var root = etcd.As(RegistryAuth.Root);
        Assert.Null(await EtcdReads.GetAsync(root, Keys.Node("west", "w-squat"), default));
        Assert.NotNull(await EtcdReads.GetAsync(root, Keys.Cluster("west"), default));
    }

    [Fact]
    public async Task ClusterAgent_RegistersWithItsCredentials_OtherClusterSeesIt()
    {
        using var east = etcd.As(RegistryAuth.ClusterUser("east"));
        using var west = etcd.As(RegistryAuth.ClusterUser("west"));
        await using var registrar = TestRegistry.Registrar(east, Keys, TestRegistry.Node("e1", "192.0.2.11", "east", "198.18.128.0/26"), output);
        registrar.Start();
        await using var watcher = TestRegistry.Source(west, Keys, output, "west");

        Assert.True(await registrar.WaitForRegistrationAsync(TimeSpan.FromSeconds(10), default), registrar.LastError);
        await Eventually.Holds(() => watcher.Has("e1"), 10, "west's agent sees east's node (VTEP address allocated by compare-and-swap too)");
    }

    [Fact]
    public async Task ClusterCredentials_RegisteringANodeOfAnotherCluster_NeverLands()
    {
        using var east = etcd.As(RegistryAuth.ClusterUser("east"));
        await using var registrar = TestRegistry.Registrar(east, Keys, TestRegistry.Node("w-fake", "198.51.100.99", "west", "198.18.170.0/24"), output);
        registrar.Start();

        Assert.False(await registrar.WaitForRegistrationAsync(TimeSpan.FromSeconds(2), default));
        Assert.Contains("permission denied", registrar.LastError ?? "", StringComparison.OrdinalIgnoreCase);
        using var root = etcd.As(RegistryAuth.Root);
        Assert.Null(await EtcdReads.GetAsync(root, Keys.Node("west", "w-fake"), default));
    }

    [Fact]
    public async Task RegistryLoad_AdminMay_ClusterMayNot()
    {
        using var admin = etcd.As(RegistryAuth.Admin);
        using var east = etcd.As(RegistryAuth.ClusterUser("east"));

        Assert.True((await RegistryLoader.LoadAsync(admin, Keys, TestRegistry.Inventory, "test.yaml", false, null, default)).Written);
        await Assert.ThrowsAsync<RpcException>(() => RegistryLoader.LoadAsync(east, Keys, TestRegistry.Inventory, "test.yaml", false, null, default));
    }

    private static async Task Put(EtcdConnection etcd, string key) =>
        await etcd.Kv.PutAsync(new PutRequest { Key = ByteString.CopyFromUtf8(key), Value = ByteString.CopyFromUtf8("{}") }, etcd.Call(default));
}
