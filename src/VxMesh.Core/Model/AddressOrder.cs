using System.Net;
using System.Net.NetworkInformation;
using VxMesh.Core.Addressing;

namespace VxMesh.Core.Model;

/// <summary>
/// Total orders over addresses, prefixes and MACs so plans sort the same way on every run.
/// Sort keys are plain numbers computed once per element, without allocating: a plan for
/// 10,000 peers sorts 30,000 entries on every change.
/// </summary>
public sealed class AddressOrder : IComparer<IPAddress>, IComparer<IPNetwork>
{
    public static readonly AddressOrder Instance = new();

    /// <summary>Family first, then the address as a number.</summary>
    public static (int Family, UInt128 Value) Key(IPAddress address) => ((int)address.AddressFamily, IpMath.ToInteger(address));

    public static (int Family, UInt128 Value, int Length) Key(IPNetwork network) =>
        ((int)network.BaseAddress.AddressFamily, IpMath.ToInteger(network.BaseAddress), network.PrefixLength);

    /// <summary>The six octets as a number: the same order as comparing the colon-hex text.</summary>
    public static ulong Key(PhysicalAddress mac)
    {
        ulong value = 0;
        foreach (var b in mac.GetAddressBytes())
        {
            value = (value << 8) | b;
        }
        return value;
    }

    public int Compare(IPAddress? x, IPAddress? y) =>
        ReferenceEquals(x, y) ? 0 : x is null ? -1 : y is null ? 1 : Key(x).CompareTo(Key(y));

    public int Compare(IPNetwork x, IPNetwork y) => Key(x).CompareTo(Key(y));
}
