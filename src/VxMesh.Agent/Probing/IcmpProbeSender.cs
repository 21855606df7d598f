using System.Net;
using System.Net.Sockets;

namespace VxMesh.Agent.Probing;

/// <summary>
/// ICMP echo to a peer's VTEP address. That address is reachable only through the VXLAN device (its
/// ARP and FDB entries, or the onlink route to its first block), so an answer proves the whole overlay
/// path both ways: our FDB entry, the underlay, the peer's ingress filter and device, and back.
/// <para>
/// One raw socket per address family for every probe (opened on first use, as root in the agent's own
/// namespace), and one receive loop per socket that matches echo replies to the round's slots by
/// identifier and sequence, and checks the reply came from the target. A round (<see cref="RoundAsync"/>)
/// sends every echo at once and waits once; one round runs at a time (<c>System.Net.Ping</c> opened a
/// socket and a receive buffer per probe: at 10,000 peers, ~10 MB and a round of dead peers that outlasted
/// the interval). The RTT is timed on the clock's timestamp.
/// </para>
/// </summary>
/// <param name="open">Opens the raw socket of a family; by default in the calling thread's namespace (tests open theirs in a test namespace).</param>
public sealed class IcmpProbeSender(TimeProvider? time = null, Func<AddressFamily, Socket>? open = null) : IProbeSender, IDisposable
{
    private readonly TimeProvider clock = time ?? TimeProvider.System;
    private readonly Func<AddressFamily, Socket> open = open ?? OpenRaw;
    private readonly CancellationTokenSource stop = new();
    private readonly Lock gate = new();
    private Socket? v4;
    private Socket? v6;

    private const int SolSocket = 1;
    private const int SoRcvbufForce = 33;
    private const int ReceiveBufferBytes = 8 << 20;

    /// <summary>
    /// A round in flight: target i goes out with identifier <see cref="FirstIdentifier"/> + i / 65,536 and
    /// sequence i % 65,536, so a reply names its slot. A slot settles once (answer or, at the end, silence).
    /// </summary>
    private sealed class Round(IReadOnlyList<IPAddress> targets, ushort firstIdentifier, Action<int, TimeSpan?> settled)
    {
        public IReadOnlyList<IPAddress> Targets => targets;

        public ushort FirstIdentifier => firstIdentifier;

        public long[] Sent { get; } = new long[targets.Count];

        private readonly int[] done = new int[targets.Count];

        public void Settle(int slot, TimeSpan? rtt)
        {
            if (Interlocked.Exchange(ref done[slot], 1) == 0)
            {
                settled(slot, rtt);
            }
        }

        public int? Slot(ushort identifier, ushort sequence)
        {
            var slot = ((identifier - firstIdentifier) & 0xFFFF) * 65_536L + sequence;
            return slot < targets.Count ? (int)slot : null;
        }
    }

    private Round? round;

    /// <summary>
    /// Every echo of the round goes out at once from this thread (a raw socket's send is a copy into the
    /// kernel: ~10,000 take tens of milliseconds), then one wait on the clock for the whole round. Nothing
    /// per probe is left waiting — no task, no timer: a round of 10,000 dead peers costs two arrays.
    /// </summary>
    public async Task RoundAsync(IReadOnlyList<IPAddress> targets, TimeSpan timeout, Action<int, TimeSpan?> settled, CancellationToken cancel)
    {
        var current = new Round([.. targets.Select(IcmpEcho.Normalize)], (ushort)Random.Shared.Next(1, ushort.MaxValue), settled);
        Volatile.Write(ref round, current);
        var started = clock.GetTimestamp();
        try
        {
            for (var i = 0; i < current.Targets.Count && !cancel.IsCancellationRequested; i++)
            {
                var target = current.Targets[i];
                current.Sent[i] = clock.GetTimestamp();
                try
                {
                    var identifier = (ushort)(current.FirstIdentifier + (i >> 16));
                    SocketFor(target.AddressFamily).SendTo(IcmpEcho.Request(target.AddressFamily, identifier, (ushort)i), new IPEndPoint(target, 0));
                }
                catch (SocketException)
                {
                    // No route right now, no raw socket: this one will not be answered.
                    current.Settle(i, null);
                }
            }
            var left = timeout - clock.GetElapsedTime(started);
            if (left > TimeSpan.Zero)
            {
                await Task.Delay(left, clock, cancel);
            }
        }
        finally
        {
            Interlocked.CompareExchange(ref round, null, current);
        }
        for (var i = 0; i < current.Targets.Count; i++)
        {
            current.Settle(i, null);
        }
    }

    private Socket SocketFor(AddressFamily family)
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(stop.IsCancellationRequested, this);
            ref var socket = ref family == AddressFamily.InterNetworkV6 ? ref v6 : ref v4;
            if (socket is null)
            {
                var opened = open(family);
                socket = opened;
                _ = ReceiveAsync(opened, family);
            }
            return socket;
        }
    }

    /// <summary>A raw ICMP (or ICMPv6) socket; IPv4 probes carry DF, as ping's -M do: one that needs fragmenting says so instead of arriving in pieces.</summary>
    public static Socket OpenRaw(AddressFamily family)
    {
        var socket = new Socket(family, SocketType.Raw, family == AddressFamily.InterNetworkV6 ? ProtocolType.IcmpV6 : ProtocolType.Icmp);
        if (family == AddressFamily.InterNetwork)
        {
            socket.DontFragment = true;
        }
        // A round's replies arrive together (a whole round's, each ~1 KB of kernel
        // buffer): the default 208 KB dropped 43 of 300. SO_RCVBUFFORCE passes rmem_max (we are root).
        socket.SetRawSocketOption(SolSocket, SoRcvbufForce, BitConverter.GetBytes(ReceiveBufferBytes));
        // Bound before the first probe is sent, so the receive loop can start at once.
        socket.Bind(new IPEndPoint(family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0));
        return socket;
    }

    /// <summary>Every ICMP message the namespace receives is copied to a raw socket: ours are the echo replies that name a slot of the round in flight.</summary>
    private async Task ReceiveAsync(Socket socket, AddressFamily family)
    {
        var buffer = new byte[2048];
        EndPoint any = new IPEndPoint(family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException || (e is SocketException && stop.IsCancellationRequested))
            {
                return;
            }
            catch (SocketException)
            {
                // An ICMP error queued on the socket (e.g. an unreachable for one probe): the next read goes on.
                continue;
            }
            var now = clock.GetTimestamp();
            if (IcmpEcho.Reply(family, buffer.AsSpan(0, received.ReceivedBytes)) is not { } reply || received.RemoteEndPoint is not IPEndPoint from)
            {
                continue;
            }
            if (Volatile.Read(ref round) is { } current && current.Slot(reply.Identifier, reply.Sequence) is { } slot
                && IcmpEcho.Normalize(from.Address).Equals(current.Targets[slot]))
            {
                current.Settle(slot, clock.GetElapsedTime(current.Sent[slot], now));
            }
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            stop.Cancel();
            v4?.Dispose();
            v6?.Dispose();
        }
        stop.Dispose();
    }
}
