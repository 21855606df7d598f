using System.Net;
using System.Net.Sockets;

namespace VxMesh.Core.Addressing;

/// <summary>
/// Address arithmetic shared by derivation and validation. Addresses are treated as unsigned
/// integers of their family's width (32 or 128 bits) held in a <see cref="UInt128"/>, so one
/// code path serves IPv4 and IPv6 and nothing is written twice per family.
/// </summary>
public static class IpMath
{
    public static int BitWidth(AddressFamily family) => family switch
    {
        AddressFamily.InterNetwork => 32,
        AddressFamily.InterNetworkV6 => 128,
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, "only IPv4 and IPv6 are supported"),
    };

    /// <summary>Allocation-free: planners sort tens of thousands of addresses by this.</summary>
    public static UInt128 ToInteger(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        UInt128 value = 0;
        foreach (var b in bytes[..written])
        {
            value = (value << 8) | b;
        }
        return value;
    }

    public static IPAddress FromInteger(UInt128 value, AddressFamily family)
    {
        var bytes = new byte[BitWidth(family) / 8];
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            bytes[i] = (byte)(value & 0xFF);
            value >>= 8;
        }
        return new IPAddress(bytes);
    }

    /// <summary>Ones in the host part. Spelled out for 0 host bits because UInt128 shifts wrap at 128.</summary>
    public static UInt128 HostMask(int prefixLength, AddressFamily family)
    {
        var hostBits = BitWidth(family) - prefixLength;
        return hostBits <= 0 ? UInt128.Zero : UInt128.MaxValue >> (128 - hostBits);
    }

    public static IPAddress First(IPNetwork network) => network.BaseAddress;

    /// <summary>The all-ones host address: the IPv4 broadcast address, and its IPv6 analogue.</summary>
    public static IPAddress Last(IPNetwork network)
    {
        var family = network.BaseAddress.AddressFamily;
        return FromInteger(ToInteger(network.BaseAddress) | HostMask(network.PrefixLength, family), family);
    }

    /// <summary>The network <paramref name="address"/>/<paramref name="prefixLength"/> with its host bits cleared.</summary>
    public static IPNetwork Canonical(IPAddress address, int prefixLength)
    {
        var family = address.AddressFamily;
        var masked = ToInteger(address) & ~HostMask(prefixLength, family);
        return new IPNetwork(FromInteger(masked, family), prefixLength);
    }

    public static bool IsCanonical(IPAddress address, int prefixLength) =>
        (ToInteger(address) & HostMask(prefixLength, address.AddressFamily)) == 0;

    /// <summary>Prefixes are aligned blocks, so two of them overlap exactly when one holds the other's start.</summary>
    public static bool Overlaps(IPNetwork a, IPNetwork b) =>
        a.BaseAddress.AddressFamily == b.BaseAddress.AddressFamily
        && (a.Contains(b.BaseAddress) || b.Contains(a.BaseAddress));

    public static bool Covers(IPNetwork outer, IPNetwork inner) =>
        outer.BaseAddress.AddressFamily == inner.BaseAddress.AddressFamily
        && outer.PrefixLength <= inner.PrefixLength
        && outer.Contains(inner.BaseAddress);

    /// <summary>Family-checked containment; IPNetwork.Contains already returns false across families, this just says so.</summary>
    public static bool Contains(IPNetwork network, IPAddress address) =>
        network.BaseAddress.AddressFamily == address.AddressFamily && network.Contains(address);
}
