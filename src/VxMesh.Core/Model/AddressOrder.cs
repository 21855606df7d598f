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

    /// <summary>Whether <paramref name="sorted"/> (in this order) holds <paramref name="address"/>: O(log n).</summary>
    public static bool SortedContains(IReadOnlyList<IPAddress> sorted, IPAddress address)
    {
        var key = Key(address);
        int lo = 0, hi = sorted.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var c = Key(sorted[mid]).CompareTo(key);
            if (c == 0)
            {
                return true;
            }
            if (c < 0) lo = mid + 1; else hi = mid - 1;
        }
        return false;
    }

    public int Compare(IPAddress? x, IPAddress? y) =>
        ReferenceEquals(x, y) ? 0 : x is null ? -1 : y is null ? 1 : Key(x).CompareTo(Key(y));

    public int Compare(IPNetwork x, IPNetwork y) => Key(x).CompareTo(Key(y));
}
