using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;
using VxMesh.Agent.Registry.Etcd;
using VxMesh.Agent.Tests.Registry.Support;
using Xunit.Abstractions;

namespace VxMesh.Agent.Tests.Registry;

/// <summary>etcd over TLS without client certificates; auth on with users and passwords (tokens).</summary>
public sealed class PasswordAuthFixture : IAsyncLifetime
{
    public EtcdTls Tls { get; } = new(clientCertAuth: false);

    public EtcdServer Server { get; private set; } = null!;

    public RegistryKeys Keys { get; } = TestRegistry.NewKeys();

    public Dictionary<string, string> Passwords { get; } = new()
    {
        [RegistryAuth.Root] = "root-secret-1",
        [RegistryAuth.Admin] = "admin-secret-2",
        [RegistryAuth.ClusterUser("east")] = "east-secret-3",
        [RegistryAuth.ClusterUser("west")] = "west-secret-4",
    };

    public async Task InitializeAsync()
    {
        Server = new EtcdServer(Tls);
        using var bootstrap = EtcdConnection.Create(Server.Url, Tls.TrustOnly);
        await TestRegistry.LoadAsync(bootstrap, Keys);
        await RegistryAuth.EnsureUsersAsync(bootstrap, Keys, ["east", "west"], Passwords, default);
        await RegistryAuth.EnableAsync(bootstrap, default);
    }

    public EtcdConnection As(string user, string? password = null) =>
        EtcdConnection.Create(Server.Url, new EtcdCredentials { CaFile = Tls.CaFile, User = user, Password = password ?? Passwords[user] });

    public Task DisposeAsync()
    {
        Server.Dispose();
        Tls.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class RegistryAuthPasswordTests(PasswordAuthFixture etcd, ITestOutputHelper output) : IClassFixture<PasswordAuthFixture>
{
    private RegistryKeys Keys => etcd.Keys;

    [Fact]
    public async Task NoUser_CannotReadOrWrite()
    {
        using var anonymous = EtcdConnection.Create(etcd.Server.Url, etcd.Tls.TrustOnly);

        var read = await Assert.ThrowsAsync<RpcException>(() => EtcdReads.RangePrefixAsync(anonymous, Keys.Prefix, default));
        Assert.True(EtcdConnection.IsDenied(read), read.ToString());
        Assert.True(EtcdConnection.IsDenied(await Assert.ThrowsAsync<RpcException>(() => Put(anonymous, Keys.Node("east", "intruder")))));
    }

    [Fact]
    public async Task WrongPassword_DeniedAndNeverEchoed()
    {
        using var guess = etcd.As(RegistryAuth.ClusterUser("east"), "guessed-password-77");

        var error = await Assert.ThrowsAsync<RpcException>(() => EtcdReads.RangePrefixAsync(guess, Keys.Prefix, default));

        Assert.True(EtcdConnection.IsDenied(error), error.ToString());
        Assert.DoesNotContain("guessed-password-77", error.ToString());
    }

    [Fact]
    public async Task ClusterUser_WritesOwnNodeKeysOnly()
    {
        using var west = etcd.As(RegistryAuth.ClusterUser("west"));

        await Put(west, Keys.Node("west", "w-own"));
        var error = await Assert.ThrowsAsync<RpcException>(() => Put(west, Keys.Node("east", "e-squat")));
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task PasswordInTheUrl_UsedAndNeverShown()
    {
        var url = etcd.Server.Url.Replace("https://", $"https://{RegistryAuth.ClusterUser("east")}:{etcd.Passwords[RegistryAuth.ClusterUser("east")]}@", StringComparison.Ordinal);
        using var east = EtcdConnection.Create(url, etcd.Tls.TrustOnly);

        var (_, entries) = await EtcdReads.RangePrefixAsync(east, Keys.Prefix, default);

        Assert.NotEmpty(entries);
        Assert.DoesNotContain("east-secret-3", east.Description + east.Endpoint);
        var bad = Assert.Throws<ArgumentException>(() => EtcdConnection.Create("ftp://east:east-secret-3@127.0.0.1:1"));
        Assert.DoesNotContain("east-secret-3", bad.Message);
        Assert.Contains("east:***@", bad.Message);
    }

    [Fact]
    public async Task EtcdRestart_TokensDie_AgentsAuthenticateAgainAndKeepWorking()
    {
        using var east = etcd.As(RegistryAuth.ClusterUser("east"));
        using var west = etcd.As(RegistryAuth.ClusterUser("west"));
        await using var watcher = TestRegistry.Source(west, Keys, output, "west", maxBackoff: TimeSpan.FromMilliseconds(300));
        await using var first = TestRegistry.Registrar(east, Keys, TestRegistry.Node("e-before", "192.0.2.31", "east", "198.18.131.0/24"), output);
        first.Start();
        await Eventually.Holds(() => watcher.Has("e-before"), 10, "registered before the restart");

        etcd.Server.Stop();
        etcd.Server.Start();
        await using var second = TestRegistry.Registrar(east, Keys, TestRegistry.Node("e-after", "192.0.2.32", "east", "198.18.132.0/24"), output);
        second.Start();

        await Eventually.Holds(() => watcher.Has("e-after") && watcher.Has("e-before"), 20, "both nodes visible after etcd restarted (old tokens invalid)");
    }

    private static async Task Put(EtcdConnection etcd, string key) =>
        await etcd.Kv.PutAsync(new PutRequest { Key = ByteString.CopyFromUtf8(key), Value = ByteString.CopyFromUtf8("{}") }, etcd.Call(default));
}
