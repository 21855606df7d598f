using VxMesh.Netlink.Wire;

namespace VxMesh.Netlink;

/// <summary>
/// A request socket plus its receive buffer: the plumbing shared by dumps, gets and batches.
/// Replies are matched by sequence number; anything else queued on the socket is skipped.
/// </summary>
internal sealed class NetlinkChannel(NetlinkSocket socket) : INetlinkTransport, IDisposable
{
    // Dump datagrams are at most 32 KiB (the kernel caps its dump skb there); notifications are smaller.
    private const int ReceiveBufferBytes = 256 * 1024;

    /// <summary>How long to wait for a reply the kernel owes us before declaring the socket broken.</summary>
    public static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(30);

    private readonly byte[] _receiveBuffer = GC.AllocateUninitializedArray<byte>(ReceiveBufferBytes);

    public NetlinkSocket Socket { get; } = socket;

    /// <summary>Stamps seq (and extra flags) on a copy of the request and sends it alone.</summary>
    public uint Send(NetlinkRequest request, ushort extraFlags = 0)
    {
        var writer = new NetlinkMessageWriter(request.Message.Length);
        var start = writer.AppendRaw(request.Message.Span);
        var sequence = Socket.NextSequence();
        writer.PatchHeader(start, sequence, extraFlags);
        Socket.Send(writer.WrittenSpan);
        return sequence;
    }

    /// <summary>
    /// Receives the next datagram: at once if one is queued, otherwise waiting up to
    /// <see cref="ReplyTimeout"/> for the reply to <paramref name="operation"/>.
    /// </summary>
    public ReadOnlySpan<byte> ReceiveReply(string operation)
    {
        var length = Socket.Receive(_receiveBuffer, nonBlocking: true);
        while (length == 0)
        {
            if (!Socket.WaitReadable(ReplyTimeout))
            {
                throw new NetlinkException(Errno.ETIMEDOUT, $"{operation}: no reply within {ReplyTimeout.TotalSeconds} s");
            }

            length = Socket.Receive(_receiveBuffer, nonBlocking: true);
        }

        return _receiveBuffer.AsSpan(0, length);
    }

    public void Dispose() => Socket.Dispose();
}
