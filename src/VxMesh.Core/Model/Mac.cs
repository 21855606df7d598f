using System.Globalization;
using System.Net.NetworkInformation;

namespace VxMesh.Core.Model;

/// <summary>MAC helpers over <see cref="PhysicalAddress"/>: the colon form iproute2 prints, and the checks validation needs.</summary>
public static class Mac
{
    public static string Format(PhysicalAddress mac) =>
        string.Join(':', mac.GetAddressBytes().Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));

    /// <summary>Parses exactly six colon-separated hex octets (the only form the inventory accepts).</summary>
    public static bool TryParse(string text, out PhysicalAddress mac)
    {
        mac = PhysicalAddress.None;
        var parts = text.Split(':');
        if (parts.Length != 6)
        {
            return false;
        }
        var bytes = new byte[6];
        for (var i = 0; i < 6; i++)
        {
            if (parts[i].Length != 2 || !byte.TryParse(parts[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[i]))
            {
                return false;
            }
        }
        mac = new PhysicalAddress(bytes);
        return true;
    }

    public static PhysicalAddress Parse(string text) =>
        TryParse(text, out var mac) ? mac : throw new FormatException($"'{text}' is not a MAC address (six hex octets like c2:6a:9b:e5:39:8d)");

    /// <summary>The I/G bit: set on multicast and broadcast addresses, which a VTEP must never use.</summary>
    public static bool IsMulticast(PhysicalAddress mac) => (mac.GetAddressBytes()[0] & 0x01) != 0;

    public static bool IsZero(PhysicalAddress mac) => mac.GetAddressBytes().All(b => b == 0);
}
