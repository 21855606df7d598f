namespace VxMesh.Netlink;

/// <summary>
/// Typed rtnetlink client bound to one network namespace for its whole life (the namespace its
/// socket was created in). Calls are serialised internally, so one client may be shared, but each
/// call blocks the others.
/// </summary>
public sealed partial class RtnlClient : IDisposable
{
    private readonly Lock _gate = new();
    private readonly NetlinkChannel _channel;
    private readonly BatchExecutor _batch;

    private RtnlClient(NetlinkSocket socket, string? namespaceName)
    {
        _channel = new NetlinkChannel(socket);
        _batch = new BatchExecutor(_channel);
        NamespaceName = namespaceName;
    }

    /// <summary>The named namespace (under /run/netns) this client works in; null for the caller's own.</summary>
    public string? NamespaceName { get; }

    /// <summary>Largest sendto of a batch. Default 128 KiB (about 2,000 route requests).</summary>
    public int BatchBytes
    {
        get => _batch.ChunkBytes;
        set => _batch.ChunkBytes = value >= 4096 ? value : throw new ArgumentOutOfRangeException(nameof(value), "at least 4096");
    }

    /// <summary>Opens a client in the calling thread's network namespace.</summary>
    public static RtnlClient Open() => new(NetlinkSocket.Open(), null);

    /// <summary>
    /// Opens a client in the namespace /run/netns/<paramref name="netnsName"/> (as made by
    /// <c>ip netns add</c>). The socket is created on a dedicated thread that enters the namespace
    /// and returns to its own; no other thread changes namespace.
    /// </summary>
    public static RtnlClient OpenInNamespace(string netnsName) =>
        new(Netns.RunIn(netnsName, () => NetlinkSocket.Open()), netnsName);

    /// <summary>
    /// Sends many requests packed into few sendmsg calls and returns one result per request, in order.
    /// Never throws for a refused request: the caller decides (EEXIST on create, not-found on delete ...).
    /// Throws only when the socket itself fails.
    /// </summary>
    public IReadOnlyList<NetlinkResult> Execute(IReadOnlyList<NetlinkRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var results = new NetlinkResult[requests.Count];
        Execute(requests, results, null);
        return results;
    }

    /// <summary>
    /// <see cref="Execute(IReadOnlyList{NetlinkRequest})"/> into <paramref name="results"/>, calling
    /// <paramref name="answered"/> (on this thread) after each sendmsg with how many requests have their
    /// answer: a caller running this on another thread can use the first answers while the kernel works on the rest.
    /// </summary>
    public void Execute(IReadOnlyList<NetlinkRequest> requests, NetlinkResult[] results, Action<int>? answered)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(results);
        if (results.Length < requests.Count)
        {
            throw new ArgumentException($"room for {results.Length} results, {requests.Count} requests", nameof(results));
        }
        lock (_gate)
        {
            _batch.Execute(requests, results, answered);
        }
    }

    /// <summary>Executes one request and throws <see cref="NetlinkException"/> if the kernel refuses it.</summary>
    public void Apply(NetlinkRequest request) => Execute([request])[0].ThrowIfFailed();

    public void Dispose() => _channel.Dispose();
}
