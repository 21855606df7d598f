using System.Runtime.InteropServices;

namespace VxMesh.Netlink.Wire;

/// <summary>
/// Walks the messages packed in one received datagram. Usable with foreach. A length field that
/// points past the buffer or below the header size is corruption and throws.
/// </summary>
internal ref struct NetlinkMessageReader(ReadOnlySpan<byte> buffer)
{
    private const int HeaderSize = 16;
    private ReadOnlySpan<byte> _remaining = buffer;

    public NetlinkMessage Current { get; private set; }

    public readonly NetlinkMessageReader GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_remaining.Length < HeaderSize)
        {
            // Fewer than 16 bytes left can only be padding.
            return false;
        }

        var header = MemoryMarshal.Read<NlMsgHdr>(_remaining);
        if (header.Length < HeaderSize || header.Length > _remaining.Length)
        {
            throw new InvalidDataException($"netlink: nlmsg_len {header.Length} invalid with {_remaining.Length} bytes left");
        }

        Current = new NetlinkMessage(header, _remaining[HeaderSize..(int)header.Length]);
        var advance = Math.Min(Nl.Align((int)header.Length), _remaining.Length);
        _remaining = _remaining[advance..];
        return true;
    }
}
