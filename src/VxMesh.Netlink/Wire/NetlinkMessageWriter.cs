using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace VxMesh.Netlink.Wire;

/// <summary>
/// Appends netlink messages to one growable buffer: nlmsghdr, family header, attributes (4-byte
/// aligned, nestable). Several messages may be written back to back and sent in one sendmsg.
/// Integers are host byte order except where a method says otherwise.
/// </summary>
internal sealed class NetlinkMessageWriter(int capacity = 256)
{
    private const int HeaderSize = 16;
    private byte[] _buffer = new byte[capacity];
    private int _length;

    public int Length => _length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public void Reset() => _length = 0;

    public byte[] ToArray() => WrittenSpan.ToArray();

    /// <summary>Starts a message; returns its offset for <see cref="EndMessage"/>.</summary>
    public int BeginMessage(ushort type, ushort flags, uint sequence = 0)
    {
        var start = _length;
        var header = new NlMsgHdr { Type = type, Flags = flags, Sequence = sequence };
        MemoryMarshal.Write(Grow(HeaderSize), in header);
        return start;
    }

    /// <summary>Writes the final nlmsg_len; like iproute2 and the kernel it counts attribute padding.</summary>
    public void EndMessage(int start) => MemoryMarshal.Write(_buffer.AsSpan(start), (uint)(_length - start));

    /// <summary>Appends a family header (ifinfomsg, rtmsg ...), padded to 4 bytes.</summary>
    public void WriteStruct<T>(in T value)
        where T : unmanaged
    {
        var size = Unsafe.SizeOf<T>();
        MemoryMarshal.Write(Grow(Nl.Align(size)), in value);
    }

    public void AddAttribute(ushort type, ReadOnlySpan<byte> value)
    {
        var total = 4 + value.Length;
        CheckAttributeLength(total);
        var span = Grow(Nl.Align(total));
        MemoryMarshal.Write(span, (ushort)total);
        MemoryMarshal.Write(span[2..], type);
        value.CopyTo(span[4..]);
    }

    public void AddU8(ushort type, byte value) => AddAttribute(type, [value]);

    public void AddU16(ushort type, ushort value) => AddAttribute(type, MemoryMarshal.AsBytes(new ReadOnlySpan<ushort>(in value)));

    public void AddU32(ushort type, uint value) => AddAttribute(type, MemoryMarshal.AsBytes(new ReadOnlySpan<uint>(in value)));

    /// <summary>A 16-bit value in network byte order (e.g. IFLA_VXLAN_PORT).</summary>
    public void AddBigEndianU16(ushort type, ushort value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        AddAttribute(type, bytes);
    }

    /// <summary>
    /// A string, NUL-terminated by default (NLA_NUL_STRING needs the NUL, NLA_STRING takes either;
    /// iproute2 omits it for IFLA_INFO_KIND, and we mirror that to stay byte-identical).
    /// </summary>
    public void AddString(ushort type, string value, bool nulTerminated = true)
    {
        var size = Encoding.UTF8.GetMaxByteCount(value.Length) + 1;
        Span<byte> bytes = size <= 256 ? stackalloc byte[size] : new byte[size];
        var count = Encoding.UTF8.GetBytes(value, bytes);
        bytes[count] = 0;
        AddAttribute(type, bytes[..(nulTerminated ? count + 1 : count)]);
    }

    /// <summary>IPv4 as 4 bytes, IPv6 as 16, network order.</summary>
    public void AddAddress(ushort type, IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        AddAttribute(type, bytes[..written]);
    }

    public void AddMac(ushort type, PhysicalAddress mac) => AddAttribute(type, mac.GetAddressBytes());

    /// <summary>Starts a nested attribute with NLA_F_NESTED set; returns its offset.</summary>
    public int BeginNested(ushort type)
    {
        var start = _length;
        var span = Grow(4);
        MemoryMarshal.Write(span[2..], (ushort)(type | Nl.NLA_F_NESTED));
        return start;
    }

    public void EndNested(int start)
    {
        CheckAttributeLength(_length - start);
        MemoryMarshal.Write(_buffer.AsSpan(start), (ushort)(_length - start));
    }

    // nla_len is 16 bits: a longer attribute would wrap and the kernel would parse garbage
    // (it answered such a set change with ENOENT on every retry). Callers split before this.
    private static void CheckAttributeLength(int length)
    {
        if (length > ushort.MaxValue)
        {
            throw new InvalidOperationException($"netlink attribute of {length} bytes exceeds nla_len's {ushort.MaxValue}");
        }
    }

    /// <summary>Appends an already encoded message (batching); returns its offset.</summary>
    public int AppendRaw(ReadOnlySpan<byte> message)
    {
        var start = _length;
        message.CopyTo(Grow(Nl.Align(message.Length)));
        return start;
    }

    /// <summary>Overwrites nlmsg_seq and ORs extra flags into the message at <paramref name="start"/>.</summary>
    public void PatchHeader(int start, uint sequence, ushort extraFlags)
    {
        var header = MemoryMarshal.Read<NlMsgHdr>(_buffer.AsSpan(start));
        header.Sequence = sequence;
        header.Flags |= extraFlags;
        MemoryMarshal.Write(_buffer.AsSpan(start), in header);
    }

    // Returns zeroed space at the end, so padding bytes are always 0.
    private Span<byte> Grow(int count)
    {
        if (_length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        }

        var span = _buffer.AsSpan(_length, count);
        span.Clear();
        _length += count;
        return span;
    }
}
