using VxMesh.Netlink.Wire;

namespace VxMesh.Netlink;

/// <summary>
/// Listens to rtnetlink notifications of one namespace: links, neighbours and FDB, IPv4/IPv6
/// routes, nexthops, IPv4 addresses. Read blocks (poll) up to a timeout. Not thread-safe.
/// </summary>
public sealed class RtnlMonitor : IDisposable
{
    /// <summary>RTNLGRP_LINK, NEIGH, IPV4_ROUTE, IPV6_ROUTE, NEXTHOP (32: joined by setsockopt), IPV4_IFADDR.</summary>
    public static IReadOnlyList<int> DefaultGroups { get; } =
    [
        Rtm.RTNLGRP_LINK, Rtm.RTNLGRP_NEIGH, Rtm.RTNLGRP_IPV4_ROUTE,
        Rtm.RTNLGRP_IPV6_ROUTE, Rtm.RTNLGRP_NEXTHOP, Rtm.RTNLGRP_IPV4_IFADDR,
    ];

    private const int ReceiveBufferBytes = 256 * 1024;
    private readonly NetlinkSocket _socket;
    private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(ReceiveBufferBytes);
    private readonly Queue<RtnlEvent> _pending = new();

    private RtnlMonitor(NetlinkSocket socket) => _socket = socket;

    /// <summary>Monitors the calling thread's namespace.</summary>
    public static RtnlMonitor Open() => new(NetlinkSocket.Open(Options()));

    /// <summary>Monitors /run/netns/<paramref name="netnsName"/> (socket created there on a dedicated thread).</summary>
    public static RtnlMonitor OpenInNamespace(string netnsName) =>
        new(Netns.RunIn(netnsName, () => NetlinkSocket.Open(Options())));

    /// <summary>With a chosen SO_RCVBUF: tests use a tiny one to provoke an overrun.</summary>
    internal static RtnlMonitor OpenInNamespace(string netnsName, int receiveBufferBytes) =>
        new(Netns.RunIn(netnsName, () => NetlinkSocket.Open(Options() with { ReceiveBufferBytes = receiveBufferBytes })));

    private static NetlinkSocketOptions Options() => new(DefaultGroups, StrictChecking: false);

    /// <summary>
    /// Next event, or null when none arrives within <paramref name="timeout"/>
    /// (<see cref="Timeout.InfiniteTimeSpan"/>: wait for ever). After an overrun (ENOBUFS) returns
    /// one <see cref="RtnlEventKind.Overrun"/> event: state must be dumped again.
    /// </summary>
    public RtnlEvent? Read(TimeSpan timeout)
    {
        var infinite = timeout == Timeout.InfiniteTimeSpan;
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (_pending.Count == 0)
        {
            var remaining = infinite ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(deadline - Environment.TickCount64);
            if ((!infinite && remaining < TimeSpan.Zero) || !_socket.WaitReadable(remaining))
            {
                return null;
            }

            int length;
            try
            {
                length = _socket.Receive(_buffer, nonBlocking: true);
            }
            catch (NetlinkException e) when (e.Errno == Errno.ENOBUFS)
            {
                return new RtnlEvent(RtnlEventKind.Overrun, new RtnlOverrun("ENOBUFS: notifications were dropped; resync"));
            }

            foreach (var message in new NetlinkMessageReader(_buffer.AsSpan(0, length)))
            {
                if (RtnlEventDecoder.Decode(message) is { } decoded)
                {
                    _pending.Enqueue(decoded);
                }
            }
        }

        return _pending.Dequeue();
    }

    public void Dispose() => _socket.Dispose();
}
