using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace VxMesh.Netlink.Wire;

/// <summary>One message inside a received buffer: its header and the bytes after the header.</summary>
internal readonly ref struct NetlinkMessage(NlMsgHdr header, ReadOnlySpan<byte> payload)
{
    public NlMsgHdr Header { get; } = header;

    /// <summary>Everything after nlmsghdr, up to nlmsg_len.</summary>
    public ReadOnlySpan<byte> Payload { get; } = payload;

    public ushort Type => Header.Type;

    public ushort Flags => Header.Flags;

    public uint Sequence => Header.Sequence;

    public bool HasFlag(ushort flag) => (Header.Flags & flag) != 0;

    /// <summary>Reads the family header (rtmsg, ndmsg ...) at the start of the payload.</summary>
    public T ReadFamilyHeader<T>()
        where T : unmanaged
    {
        var size = Unsafe.SizeOf<T>();
        if (Payload.Length < size)
        {
            throw new InvalidDataException($"netlink message type {Type}: payload {Payload.Length} bytes < {typeof(T).Name} {size}");
        }

        return MemoryMarshal.Read<T>(Payload);
    }

    /// <summary>Attributes following a family header of type <typeparamref name="T"/>.</summary>
    public NetlinkAttributeReader Attributes<T>()
        where T : unmanaged
    {
        var offset = Nl.Align(Unsafe.SizeOf<T>());
        return new NetlinkAttributeReader(Payload.Length > offset ? Payload[offset..] : []);
    }
}
