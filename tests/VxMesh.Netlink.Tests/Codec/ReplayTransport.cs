using System.Runtime.InteropServices;
using VxMesh.Netlink.Tests.Infrastructure;
using VxMesh.Netlink.Wire;

namespace VxMesh.Netlink.Tests.Codec;

/// <summary>
/// Plays captured datagrams back as if the kernel answered the last request sent: each one gets
/// that request's sequence number, and can be marked NLM_F_DUMP_INTR.
/// </summary>
internal sealed class ReplayTransport(params ReplayTransport.Datagram[] script) : INetlinkTransport
{
    private readonly Queue<Datagram> _script = new(script);
    private byte[] _current = [];
    private uint _sequence = 100;

    public int RequestsSent { get; private set; }

    public uint Send(NetlinkRequest request, ushort extraFlags = 0)
    {
        RequestsSent++;
        return ++_sequence;
    }

    public ReadOnlySpan<byte> ReceiveReply(string operation)
    {
        if (!_script.TryDequeue(out var next))
        {
            throw new InvalidOperationException($"{operation}: the script ran out of datagrams");
        }

        _current = Hex.Bytes(next.Hex);
        var offset = 0;
        while (offset + 16 <= _current.Length)
        {
            var header = MemoryMarshal.Read<NlMsgHdr>(_current.AsSpan(offset));
            header.Sequence = next.StaleSequence ? _sequence - 1 : _sequence;
            header.Flags |= next.Interrupted ? Nl.NLM_F_DUMP_INTR : (ushort)0;
            MemoryMarshal.Write(_current.AsSpan(offset), in header);
            offset += Nl.Align((int)header.Length);
        }

        return _current;
    }

    internal sealed record Datagram(string Hex, bool Interrupted = false, bool StaleSequence = false);
}
