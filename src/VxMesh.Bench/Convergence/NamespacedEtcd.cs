using System.Net.Sockets;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using VxMesh.Agent.Registry.Etcd;

namespace VxMesh.Bench.Convergence;

/// <summary>
/// A gRPC connection to an etcd that is reachable only inside a network namespace (the lab's,
/// or the bench's own). Every TCP socket is created on a thread that has entered the namespace
/// (<see cref="VxMesh.Netlink.Netns.RunIn{T}"/>) and stays there for life, so this process talks
/// to that etcd without anything being configured in the root namespace. Used only by the bench
/// to write synthetic registrations and to watch registry events as the agents see them.
/// </summary>
internal sealed class NamespacedEtcd : IDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);
    private readonly GrpcChannel channel;

    private NamespacedEtcd(GrpcChannel channel)
    {
        this.channel = channel;
        Kv = new KV.KVClient(channel);
        Watch = new Watch.WatchClient(channel);
    }

    public KV.KVClient Kv { get; }

    public Watch.WatchClient Watch { get; }

    /// <param name="credentials">For an etcd lab's TLS etcd: the lab CA and a client certificate (the admin's).</param>
    public static NamespacedEtcd Open(string ns, string url, EtcdCredentials? credentials = null)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = credentials?.LoadTls().Options() ?? new System.Net.Security.SslClientAuthenticationOptions(),
            ConnectTimeout = TimeSpan.FromSeconds(2),
            ConnectCallback = async (context, cancel) =>
            {
                var socket = VxMesh.Netlink.Netns.RunIn(ns, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true });
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancel);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new NamespacedEtcd(GrpcChannel.ForAddress(url, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            Credentials = url.StartsWith("https://", StringComparison.Ordinal) ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure,
        }));
    }

    public static CallOptions Call(CancellationToken cancel) => new(deadline: DateTime.UtcNow + CallTimeout, cancellationToken: cancel);

    public async Task PutAsync<T>(string key, T value, CancellationToken cancel) =>
        await Kv.PutAsync(new PutRequest { Key = ByteString.CopyFromUtf8(key), Value = ByteString.CopyFrom(RegistryJson.Encode(value)) }, Call(cancel));

    public async Task DeleteAsync(string key, CancellationToken cancel) =>
        await Kv.DeleteRangeAsync(new DeleteRangeRequest { Key = ByteString.CopyFromUtf8(key) }, Call(cancel));

    /// <summary>Many puts, a few hundred per transaction (one round trip each instead of one per key).</summary>
    public async Task PutManyAsync<T>(IReadOnlyList<(string Key, T Value)> entries, CancellationToken cancel)
    {
        foreach (var chunk in entries.Chunk(500))
        {
            var request = new TxnRequest();
            request.Success.AddRange(chunk.Select(e => new RequestOp
            {
                RequestPut = new PutRequest { Key = ByteString.CopyFromUtf8(e.Key), Value = ByteString.CopyFrom(RegistryJson.Encode(e.Value)) },
            }));
            await Kv.TxnAsync(request, Call(cancel));
        }
    }

    public void Dispose() => channel.Dispose();
}
