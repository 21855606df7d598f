using System.Runtime.InteropServices;
using VxMesh.Netlink.Wire;

namespace VxMesh.Netlink;

/// <summary>
/// Sends many requests with few syscalls. Requests are packed back to back into chunks (one sendto
/// each), every one stamped with its own sequence number and NLM_F_ACK. The kernel handles a chunk
/// synchronously inside sendto, queueing one ACK (errno 0 or the error with ext-ack) per request on
/// our socket; those ACKs are drained before the next chunk so the receive queue cannot overflow.
/// </summary>
internal sealed class BatchExecutor(NetlinkChannel channel)
{
    // Receive-queue cost of one ACK skb, generously rounded (an error ACK with ext-ack text is the largest).
    private const int AckTruesizeBudget = 2048;

    // recvmmsg slots: an ACK is 36 bytes, with ext-ack text a few hundred.
    private const int AckSlots = 256;
    private const int AckSlotBytes = 4096;

    private readonly byte[] _ackBuffer = GC.AllocateUninitializedArray<byte>(AckSlots * AckSlotBytes);
    private readonly NetlinkMessageWriter _chunk = new(64 * 1024);

    /// <summary>Upper bound of one sendto; must stay under SO_SNDBUF or the kernel says EMSGSIZE.</summary>
    public int ChunkBytes { get; set; } = 128 * 1024;

    /// <param name="results">Filled in request order; the caller may read [0, n) once <paramref name="answered"/>(n) ran.</param>
    /// <param name="answered">Called after each chunk with how many requests are answered so far.</param>
    public void Execute(IReadOnlyList<NetlinkRequest> requests, NetlinkResult[] results, Action<int>? answered = null)
    {
        // Refuse a malformed batch before any of it reaches the kernel.
        for (var i = 0; i < requests.Count; i++)
        {
            Validate(requests[i], i);
        }

        var acked = new bool[requests.Count];
        var maxPerChunk = Math.Max(1, channel.Socket.ReceiveBufferBytes / AckTruesizeBudget);
        var next = 0;
        while (next < requests.Count)
        {
            var first = next;
            var bytes = 0;
            while (next < requests.Count && (next == first
                       || (bytes + requests[next].Message.Length <= ChunkBytes && next - first < maxPerChunk)))
            {
                bytes += Nl.Align(requests[next].Message.Length);
                next++;
            }

            var firstSequence = channel.Socket.ReserveSequences(next - first);
            _chunk.Reset();
            for (var i = first; i < next; i++)
            {
                var start = _chunk.AppendRaw(requests[i].Message.Span);
                _chunk.PatchHeader(start, unchecked(firstSequence + (uint)(i - first)), Nl.NLM_F_ACK);
            }

            channel.Socket.Send(_chunk.WrittenSpan);
            Drain(requests, results, acked, first, next - first, firstSequence);
            answered?.Invoke(next);
        }
    }

    private void Drain(IReadOnlyList<NetlinkRequest> requests, NetlinkResult[] results, bool[] answered, int first, int count, uint firstSequence)
    {
        var pending = count;
        Span<int> lengths = stackalloc int[AckSlots];
        while (pending > 0)
        {
            var received = channel.Socket.ReceiveMany(_ackBuffer, AckSlotBytes, lengths);
            if (received == 0)
            {
                // Everything is normally queued by the time sendto returns; waiting is the rare path.
                if (!channel.Socket.WaitReadable(NetlinkChannel.ReplyTimeout))
                {
                    throw new NetlinkException(Errno.ETIMEDOUT, $"{requests[first].Description}: {pending} ACKs missing");
                }

                continue;
            }

            for (var slot = 0; slot < received; slot++)
            {
                var datagram = _ackBuffer.AsSpan(slot * AckSlotBytes, lengths[slot]);
                pending -= Record(datagram, requests, results, answered, first, count, firstSequence);
            }
        }
    }

    private static int Record(ReadOnlySpan<byte> datagram, IReadOnlyList<NetlinkRequest> requests, NetlinkResult[] results, bool[] answered, int first, int count, uint firstSequence)
    {
        var recorded = 0;
        foreach (var message in new NetlinkMessageReader(datagram))
        {
            var offset = unchecked(message.Sequence - firstSequence);
            if (message.Type != Nl.NLMSG_ERROR || offset >= (uint)count || answered[first + offset])
            {
                continue; // not an ACK of this chunk
            }

            var status = NetlinkStatus.FromError(message);
            var index = first + (int)offset;
            results[index] = new NetlinkResult(requests[index], status.Errno, status.ExtAckMessage);
            answered[index] = true;
            recorded++;
        }

        return recorded;
    }

    // A request the kernel cannot frame would stop it from reading the rest of the chunk, and we would
    // wait for ACKs that never come; GET requests answer with data instead of a single ACK.
    private static void Validate(NetlinkRequest request, int position)
    {
        var message = request.Message.Span;
        if (message.Length < 16 || MemoryMarshal.Read<NlMsgHdr>(message).Length != message.Length)
        {
            throw new ArgumentException($"request #{position}: nlmsg_len does not match its {message.Length} encoded bytes");
        }

        // rtnetlink message kinds: type % 4 is 0 new, 1 del, 2 get, 3 set.
        if (request.MessageType >= Rtm.RTM_NEWLINK && request.MessageType % 4 == 2)
        {
            throw new ArgumentException($"{request.Description}: GET requests cannot be batched");
        }
    }
}
