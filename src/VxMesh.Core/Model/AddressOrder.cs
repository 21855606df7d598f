using System.Net;

namespace VxMesh.Core.Model;

/// <summary>Total orders over addresses and prefixes so plans sort the same way on every run.</summary>
public sealed class AddressOrder : IComparer<IPAddress>, IComparer<IPNetwork>
{
    public static readonly AddressOrder Instance = new();

    public int Compare(IPAddress? x, IPAddress? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var family = x.AddressFamily.CompareTo(y.AddressFamily);
        return family != 0 ? family : x.GetAddressBytes().AsSpan().SequenceCompareTo(y.GetAddressBytes());
    }

    public int Compare(IPNetwork x, IPNetwork y)
    {
        var byAddress = Compare(x.BaseAddress, y.BaseAddress);
        return byAddress != 0 ? byAddress : x.PrefixLength.CompareTo(y.PrefixLength);
    }
}
