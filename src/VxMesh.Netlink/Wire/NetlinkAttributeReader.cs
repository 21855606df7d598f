using System.Runtime.InteropServices;

namespace VxMesh.Netlink.Wire;

/// <summary>Walks a run of attributes (a message's tail or a nested attribute's value). Usable with foreach.</summary>
internal ref struct NetlinkAttributeReader(ReadOnlySpan<byte> buffer)
{
    private ReadOnlySpan<byte> _remaining = buffer;

    public NetlinkAttribute Current { get; private set; }

    public readonly NetlinkAttributeReader GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_remaining.Length < 4)
        {
            return false;
        }

        var length = MemoryMarshal.Read<ushort>(_remaining);
        var type = MemoryMarshal.Read<ushort>(_remaining[2..]);
        if (length < 4 || length > _remaining.Length)
        {
            throw new InvalidDataException($"netlink: nla_len {length} invalid with {_remaining.Length} bytes left");
        }

        Current = new NetlinkAttribute(type, _remaining[4..length]);
        _remaining = _remaining[Math.Min(Nl.Align(length), _remaining.Length)..];
        return true;
    }
}
