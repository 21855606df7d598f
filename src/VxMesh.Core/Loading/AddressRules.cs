using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using VxMesh.Core.Addressing;
using VxMesh.Core.Model;

namespace VxMesh.Core.Loading;

/// <summary>Parsers for addresses, prefixes and MACs as they may be written in an inventory.</summary>
internal static class AddressRules
{
    private const string IpExample = "an IPv4 address like 192.168.0.21 or an IPv6 address like fd00::21";

    /// <summary>
    /// Stricter than <see cref="IPAddress.TryParse(string?, out IPAddress?)"/>, which also takes "10.1"
    /// (as 10.0.0.1), hex octets and leading-zero octets (as octal): forms that mean different
    /// addresses to different tools have no place in a file people read.
    /// </summary>
    public static bool TryIp(string text, out IPAddress ip, out Issue issue)
    {
        ip = IPAddress.None;
        issue = default;
        if (text.Contains('/'))
        {
            issue = new($"'{text}' is a CIDR, not a single address", $"write the address without the prefix: {text[..text.IndexOf('/')]}");
            return false;
        }
        var parsed = text.Contains(':') ? TryIPv6(text) : TryIPv4(text, out issue);
        if (parsed is null)
        {
            issue = issue == default ? new($"'{text}' is not an IP address", $"write {IpExample}") : issue;
            return false;
        }
        ip = parsed;
        return true;
    }

    /// <summary>An underlay address must be one a VXLAN socket can send from and peers can send to.</summary>
    public static bool TryNodeIp(string text, out IPAddress ip, out Issue issue)
    {
        if (!TryIp(text, out ip, out issue))
        {
            return false;
        }
        var why = UnusableReason(ip);
        if (why is null)
        {
            return true;
        }
        issue = new($"{ip} is {why}, not a usable unicast underlay address", "use the node's own unicast address on the underlay network, e.g. 192.168.0.21");
        return false;
    }

    public static bool TryCidr(string text, out IPNetwork network, out Issue issue)
    {
        network = default;
        issue = default;
        var slash = text.IndexOf('/');
        if (slash < 0)
        {
            issue = TryIp(text, out var single, out _)
                ? new($"'{text}' is an address, not a CIDR", $"add the prefix length: {single}/{IpMath.BitWidth(single.AddressFamily)} for one address, or the network's prefix")
                : new($"'{text}' is not a CIDR", "write network/prefix, e.g. 10.234.64.0/18");
            return false;
        }
        var addressText = text[..slash];
        var prefixText = text[(slash + 1)..];
        if (!TryIp(addressText, out var address, out _))
        {
            issue = new($"'{text}' is not a CIDR: '{addressText}' is not an IP address", "write network/prefix, e.g. 10.234.64.0/18");
            return false;
        }
        var width = IpMath.BitWidth(address.AddressFamily);
        var prefix = prefixText.Length is > 0 and <= 3 && prefixText.All(char.IsAsciiDigit)
            ? int.Parse(prefixText, CultureInfo.InvariantCulture)
            : -1;
        if (prefix < 0 || prefix > width)
        {
            issue = new($"'{text}' has an invalid prefix length '{prefixText}'", $"use a prefix length in 0..{width}, e.g. {addressText}/24");
            return false;
        }
        // IPNetwork.TryParse silently clears host bits; a written 10.234.64.1/18 is more often a
        // typo for another network than a deliberate way of writing 10.234.64.0/18, so say so.
        var canonical = IpMath.Canonical(address, prefix);
        if (!IpMath.IsCanonical(address, prefix))
        {
            issue = new($"'{text}' has host bits set, so it is not a network address", $"write {canonical}");
            return false;
        }
        network = canonical;
        return true;
    }

    public static bool TryMac(string text, out PhysicalAddress mac, out Issue issue)
    {
        issue = default;
        if (!Mac.TryParse(text, out mac))
        {
            issue = new($"'{text}' is not a MAC address", "write six colon-separated hex octets like c2:6a:9b:e5:39:8d, or omit vtepMac to derive one");
            return false;
        }
        var bytes = mac.GetAddressBytes();
        if (Mac.IsZero(mac))
        {
            issue = new($"{text} is the all-zero MAC", "omit vtepMac to derive one, or write a locally administered unicast MAC such as 02:00:00:00:00:01");
            return false;
        }
        if (Mac.IsMulticast(mac))
        {
            var kind = bytes.All(b => b == 0xFF) ? "the broadcast MAC" : "a multicast MAC (bit 0x01 of the first octet is set)";
            // Suggest the nearest usable address: multicast bit cleared, locally administered bit set.
            bytes[0] = (byte)((bytes[0] & ~0x01) | 0x02);
            issue = new($"{text} is {kind}; a VTEP needs a unicast MAC", $"omit vtepMac to derive one, or write {Mac.Format(new PhysicalAddress(bytes))}");
            return false;
        }
        return true;
    }

    /// <summary>Why <paramref name="ip"/> cannot be a node's own address, or null when it can.</summary>
    public static string? UnusableReason(IPAddress ip)
    {
        if (IPAddress.IsLoopback(ip))
        {
            return "a loopback address";
        }
        if (ip.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return ip.Equals(IPAddress.IPv6None) ? "the unspecified address" : ip.IsIPv6Multicast ? "a multicast address" : null;
        }
        var bytes = ip.GetAddressBytes();
        return bytes[0] switch
        {
            0 => bytes.All(b => b == 0) ? "the all-zero address" : "in 0.0.0.0/8 (\"this network\")",
            >= 224 and <= 239 => "a multicast address",
            255 when bytes.All(b => b == 255) => "the broadcast address",
            _ => null,
        };
    }

    private static IPAddress? TryIPv4(string text, out Issue issue)
    {
        issue = default;
        var parts = text.Split('.');
        if (parts.Length != 4 || parts.Any(p => p.Length is 0 or > 3 || !p.All(char.IsAsciiDigit)))
        {
            return null;
        }
        if (parts.Any(p => p.Length > 1 && p[0] == '0'))
        {
            var plain = string.Join('.', parts.Select(p => p.TrimStart('0') is { Length: > 0 } t ? t : "0"));
            issue = new($"'{text}' has a leading zero, which some tools read as octal", $"write {plain}");
            return null;
        }
        var octets = parts.Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        return octets.All(o => o <= 255) ? new IPAddress(octets.Select(o => (byte)o).ToArray()) : null;
    }

    /// <summary>Zone ids (fe80::1%eth0) name a local interface and mean nothing in a shared inventory.</summary>
    private static IPAddress? TryIPv6(string text) =>
        !text.Contains('%') && !text.Contains('[') && IPAddress.TryParse(text, out var ip)
        && ip.AddressFamily == AddressFamily.InterNetworkV6 ? ip : null;
}
