using System.Net.Sockets;

namespace VxMesh.Netlink.Wire;

/// <summary>
/// Linux AF_* numbers. .NET's <see cref="AddressFamily"/> uses Windows values (InterNetworkV6 = 23),
/// so every family crossing the wire goes through this map.
/// </summary>
internal static class Af
{
    public const byte AF_UNSPEC = 0;
    public const byte AF_INET = 2;
    public const byte AF_BRIDGE = 7;
    public const byte AF_INET6 = 10;

    public static byte ToNative(AddressFamily family) => family switch
    {
        AddressFamily.Unspecified => AF_UNSPEC,
        AddressFamily.InterNetwork => AF_INET,
        AddressFamily.InterNetworkV6 => AF_INET6,
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, "only IPv4, IPv6 or unspecified"),
    };

    public static AddressFamily FromNative(byte family) => family switch
    {
        AF_INET => AddressFamily.InterNetwork,
        AF_INET6 => AddressFamily.InterNetworkV6,
        _ => AddressFamily.Unspecified,
    };
}
