using System.Net.Security;
using Etcdserverpb;
using Grpc.Core;
using Grpc.Net.Client;

namespace VxMesh.Agent.Registry.Etcd;

/// <summary>
/// gRPC channels to etcd and the generated v3 stubs (dotnet-etcd's KV, Watch and Lease clients)
/// on them. We drive the stubs directly rather than through <c>EtcdClient</c>'s conveniences
/// because outage behaviour is the point here: our own deadlines, no hidden retries, and a
/// watch we restart ourselves with a full reload (the client's own watch recovery would resume
/// silently and could not tell us to re-list).
/// <para>
/// HTTP/2 keepalive pings are what notice a silent partition: without them a watch stream to an
/// unreachable server waits for ever, and the agent would believe its view is current.
/// </para>
/// <para>
/// Security. https endpoints verify etcd's certificate against <see cref="EtcdCredentials.CaFile"/>
/// (only that CA, when given) and present the client certificate, if any; a user and password
/// become a token on every call (<see cref="EtcdTokens"/>). A password written into a URL is taken
/// out of it: the channels, <see cref="Description"/> and every message see the URL without it.
/// </para>
/// </summary>
public sealed class EtcdConnection : IDisposable
{
    private readonly Uri[] endpoints;
    private readonly GrpcChannel?[] channels;
    private readonly Lock gate = new();
    private readonly EtcdTlsMaterial tls;
    private readonly EtcdTokens? tokens;
    private int current;

    private EtcdConnection(Uri[] endpoints, TimeSpan requestTimeout, EtcdCredentials credentials, TimeProvider time)
    {
        this.endpoints = endpoints;
        channels = new GrpcChannel?[endpoints.Length];
        RequestTimeout = requestTimeout;
        tls = credentials.LoadTls();
        Identity = credentials.ToString();
        tokens = credentials.User is { } user ? new EtcdTokens(user, credentials.Password ?? "", time) : null;
    }

    /// <param name="urls">One URL or a comma-separated list (http(s)://[user:password@]host:port; a bare host:port means http).</param>
    /// <param name="credentials">TLS trust and client certificate, or user and password; a user in a URL is used when none is given here.</param>
    /// <param name="requestTimeout">Deadline of each unary call (default 5 s).</param>
    /// <exception cref="ArgumentException">A malformed URL, inconsistent credentials or an unreadable certificate (the message never holds a password).</exception>
    public static EtcdConnection Create(string urls, EtcdCredentials? credentials = null, TimeSpan? requestTimeout = null, TimeProvider? time = null)
    {
        var split = ParseEndpoints(urls).Select(EtcdUrls.Split).ToArray();
        credentials ??= EtcdCredentials.None;
        if (credentials.User is null && split.FirstOrDefault(s => s.User is not null) is { User: { } user } withUser)
        {
            credentials = new EtcdCredentials { CaFile = credentials.CaFile, CertFile = credentials.CertFile, KeyFile = credentials.KeyFile, User = user, Password = withUser.Password };
        }
        if (credentials.Problem() is { } problem)
        {
            throw new ArgumentException(problem);
        }
        return new(split.Select(s => s.Endpoint).ToArray(), requestTimeout ?? TimeSpan.FromSeconds(5), credentials, time ?? TimeProvider.System);
    }

    public static Uri[] ParseEndpoints(string urls)
    {
        var list = (urls ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(ParseEndpoint).ToArray();
        return list.Length > 0 ? list : throw new ArgumentException("no etcd URL given: write e.g. https://127.0.0.1:2379");
    }

    public TimeSpan RequestTimeout { get; }

    /// <summary>Who we are to etcd, for messages: files and user name, never a secret.</summary>
    public string Identity { get; }

    /// <summary>For logs and the inventory's source name: the endpoint in use.</summary>
    public string Description => $"etcd://{Endpoint.Authority}";

    public Uri Endpoint
    {
        get
        {
            lock (gate)
            {
                return endpoints[current];
            }
        }
    }

    internal KV.KVClient Kv => new(Channel());

    internal Watch.WatchClient Watch => new(Channel());

    internal Lease.LeaseClient Lease => new(Channel());

    internal Auth.AuthClient Auth => new(Channel());

    /// <summary>Options of one unary call: our deadline, the caller's cancellation.</summary>
    internal CallOptions Call(CancellationToken cancel) => new(deadline: DateTime.UtcNow + RequestTimeout, cancellationToken: cancel);

    /// <summary>
    /// After a failure: the next call goes to the next endpoint (with one endpoint, nothing changes),
    /// with a fresh token (the old one may have died with an etcd restart).
    /// </summary>
    public void Rotate()
    {
        tokens?.Invalidate();
        lock (gate)
        {
            current = (current + 1) % endpoints.Length;
        }
    }

    /// <summary>
    /// Failures that a later retry may cure: the server unreachable or restarting, a deadline, a
    /// broken stream. Anything else (a bad request, a refused compare) is the caller's to decide.
    /// </summary>
    public static bool IsTransient(Exception e) => e switch
    {
        RpcException rpc => rpc.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal
            or StatusCode.Unknown or StatusCode.Cancelled or StatusCode.ResourceExhausted or StatusCode.Aborted
            || IsTokenExpired(rpc),
        IOException or HttpRequestException or System.Net.Sockets.SocketException => true,
        _ => false,
    };

    /// <summary>etcd's answer when a lease expired or never existed (e.g. etcd restarted without its data).</summary>
    public static bool IsLeaseNotFound(Exception e) =>
        e is RpcException { StatusCode: StatusCode.NotFound } rpc && rpc.Status.Detail.Contains("lease not found", StringComparison.Ordinal);

    /// <summary>etcd forgot our token (it restarted, or the token idled out): cured by authenticating again.</summary>
    public static bool IsTokenExpired(Exception e) =>
        e is RpcException { StatusCode: StatusCode.Unauthenticated } rpc && rpc.Status.Detail.Contains("invalid auth token", StringComparison.Ordinal);

    /// <summary>etcd refused who we are or what we asked (auth is on and our user may not do it).</summary>
    public static bool IsDenied(Exception e) =>
        e is RpcException { StatusCode: StatusCode.PermissionDenied or StatusCode.Unauthenticated } && !IsTokenExpired(e)
        || e is RpcException { StatusCode: StatusCode.InvalidArgument } rpc
           && (rpc.Status.Detail.Contains("authentication failed", StringComparison.Ordinal) || rpc.Status.Detail.Contains("user name is empty", StringComparison.Ordinal));

    public static bool IsCompacted(Exception e) =>
        e is RpcException { StatusCode: StatusCode.OutOfRange } rpc && rpc.Status.Detail.Contains("compacted", StringComparison.Ordinal);

    public void Dispose()
    {
        lock (gate)
        {
            foreach (var channel in channels)
            {
                channel?.Dispose();
            }
        }
        tokens?.Dispose();
        tls.Client?.Dispose();
    }

    private GrpcChannel Channel()
    {
        lock (gate)
        {
            return channels[current] ??= Open(endpoints[current]);
        }
    }

    private GrpcChannel Open(Uri endpoint)
    {
        var secure = endpoint.Scheme == Uri.UriSchemeHttps;
        var handler = new SocketsHttpHandler
        {
            SslOptions = secure ? tls.Options() : new SslClientAuthenticationOptions(),
            ConnectTimeout = TimeSpan.FromSeconds(2),
            KeepAlivePingDelay = TimeSpan.FromSeconds(2),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(3),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            EnableMultipleHttp2Connections = true,
        };
        var transport = secure ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure;
        return GrpcChannel.ForAddress(endpoint, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            Credentials = tokens is null ? transport : ChannelCredentials.Create(transport, tokens.CallCredentials(() => Auth)),
            // A password over plain http is the operator's choice (a lab, a loopback etcd); https is the advice.
            UnsafeUseInsecureChannelCallCredentials = tokens is not null && !secure,
            MaxReceiveMessageSize = 64 * 1024 * 1024,
            // Our loops pace reconnects (200 ms → 5 s); the channel's own backoff (1 s → 120 s by
            // default) would otherwise keep a recovered etcd unused for up to two minutes.
            InitialReconnectBackoff = TimeSpan.FromMilliseconds(100),
            MaxReconnectBackoff = TimeSpan.FromSeconds(1),
        });
    }

    private static Uri ParseEndpoint(string text)
    {
        var withScheme = text.Contains("://", StringComparison.Ordinal) ? text : "http://" + text;
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.AbsolutePath is not ("/" or ""))
        {
            throw new ArgumentException($"'{EtcdUrls.Redact(text)}' is not an etcd client URL: write e.g. https://127.0.0.1:2379");
        }
        return uri;
    }
}
