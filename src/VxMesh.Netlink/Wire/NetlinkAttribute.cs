using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;
using System.Runtime.InteropServices;
using System.Text;

namespace VxMesh.Netlink.Wire;

/// <summary>One attribute: its type (flags stripped) and value bytes (padding excluded).</summary>
internal readonly ref struct NetlinkAttribute(ushort rawType, ReadOnlySpan<byte> value)
{
    /// <summary>Attribute type with NLA_F_NESTED / NLA_F_NET_BYTEORDER masked off.</summary>
    public ushort Type { get; } = (ushort)(rawType & Nl.NLA_TYPE_MASK);

    public bool IsNestedFlagSet { get; } = (rawType & Nl.NLA_F_NESTED) != 0;

    public ReadOnlySpan<byte> Value { get; } = value;

    public byte AsU8() => Need(1)[0];

    public ushort AsU16() => MemoryMarshal.Read<ushort>(Need(2));

    public uint AsU32() => MemoryMarshal.Read<uint>(Need(4));

    public int AsInt32() => MemoryMarshal.Read<int>(Need(4));

    public ushort AsBigEndianU16() => BinaryPrimitives.ReadUInt16BigEndian(Need(2));

    /// <summary>String up to the first NUL (the kernel sends NUL-terminated strings).</summary>
    public string AsString()
    {
        var end = Value.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end >= 0 ? Value[..end] : Value);
    }

    public IPAddress AsAddress() => Value.Length is 4 or 16
        ? new IPAddress(Value)
        : throw new InvalidDataException($"attribute {Type}: {Value.Length} bytes is not an IP address");

    public PhysicalAddress AsMac() => new(Value.ToArray());

    public NetlinkAttributeReader Nested() => new(Value);

    private ReadOnlySpan<byte> Need(int size) => Value.Length >= size
        ? Value
        : throw new InvalidDataException($"attribute {Type}: {Value.Length} bytes, need {size}");
}
