using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using VxMesh.Core.Addressing;

namespace VxMesh.Agent.Reconcile;

/// <summary>
/// An IPv4 or IPv6 address as two numbers: what the trackers key and compare by. A dictionary of
/// 50,000 of these holds no object per entry (an <see cref="IPAddress"/> is one), so the model of
/// a large mesh costs tens of bytes per entry and nothing for the collector to walk.
/// </summary>
public readonly record struct IpKey(ulong High, ulong Low, bool V6) : IComparable<IpKey>
{
    public static IpKey Of(IPAddress address)
    {
        var value = IpMath.ToInteger(address);
        return new((ulong)(value >> 64), (ulong)value, address.AddressFamily == AddressFamily.InterNetworkV6);
    }

    public IPAddress ToAddress() =>
        IpMath.FromInteger(((UInt128)High << 64) | Low, V6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork);

    public int CompareTo(IpKey other) =>
        V6 != other.V6 ? V6.CompareTo(other.V6) : High != other.High ? High.CompareTo(other.High) : Low.CompareTo(other.Low);

    public static bool operator <(IpKey left, IpKey right) => left.CompareTo(right) < 0;

    public static bool operator <=(IpKey left, IpKey right) => left.CompareTo(right) <= 0;

    public static bool operator >(IpKey left, IpKey right) => left.CompareTo(right) > 0;

    public static bool operator >=(IpKey left, IpKey right) => left.CompareTo(right) >= 0;

    public override string ToString() => ToAddress().ToString();
}

/// <summary>A route's destination as the FIB keys it: address and prefix length.</summary>
public readonly record struct PrefixKey(IpKey Address, byte Length) : IComparable<PrefixKey>
{
    public static PrefixKey Of(IPNetwork network) => new(IpKey.Of(network.BaseAddress), (byte)network.PrefixLength);

    public IPNetwork ToNetwork() => new(Address.ToAddress(), Length);

    public int CompareTo(PrefixKey other)
    {
        var c = Address.CompareTo(other.Address);
        return c != 0 ? c : Length.CompareTo(other.Length);
    }

    public static bool operator <(PrefixKey left, PrefixKey right) => left.CompareTo(right) < 0;

    public static bool operator <=(PrefixKey left, PrefixKey right) => left.CompareTo(right) <= 0;

    public static bool operator >(PrefixKey left, PrefixKey right) => left.CompareTo(right) > 0;

    public static bool operator >=(PrefixKey left, PrefixKey right) => left.CompareTo(right) >= 0;

    public override string ToString() => $"{Address}/{Length}";
}

/// <summary>A MAC address as the six octets in one number (the FDB's key, an ARP entry's value).</summary>
public readonly record struct MacKey(ulong Value) : IComparable<MacKey>
{
    public static MacKey Of(PhysicalAddress mac)
    {
        ulong value = 0;
        foreach (var b in mac.GetAddressBytes())
        {
            value = (value << 8) | b;
        }
        return new(value);
    }

    public PhysicalAddress ToAddress()
    {
        var bytes = new byte[6];
        for (var i = 5; i >= 0; i--)
        {
            bytes[i] = (byte)(Value >> (8 * (5 - i)));
        }
        return new PhysicalAddress(bytes);
    }

    public int CompareTo(MacKey other) => Value.CompareTo(other.Value);

    public static bool operator <(MacKey left, MacKey right) => left.CompareTo(right) < 0;

    public static bool operator <=(MacKey left, MacKey right) => left.CompareTo(right) <= 0;

    public static bool operator >(MacKey left, MacKey right) => left.CompareTo(right) > 0;

    public static bool operator >=(MacKey left, MacKey right) => left.CompareTo(right) >= 0;

    public override string ToString() => Core.Model.Mac.Format(ToAddress());
}

/// <summary>
/// What makes two nexthop objects interchangeable: gateway, device, onlink. Routes reference a
/// nexthop per peer, so a peer's routes move together and a peer change is one nexthop replace
/// (DESIGN.md: routes with distinct gateways slow to ~400/s at 50k; nexthop objects stay ~29k/s).
/// The device name is shared, not copied: every entry points at the same one or two strings.
/// </summary>
public readonly record struct NexthopKey(IpKey Gateway, string Device, bool Onlink)
{
    public override string ToString() => $"via {Gateway} dev {Device}{(Onlink ? " onlink" : "")}";
}
