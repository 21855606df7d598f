using System.Net.NetworkInformation;

namespace VxMesh.Netlink;

/// <summary>Renders kernel numbers the way iproute2 prints them, for the records' ToString.</summary>
internal static class IpText
{
    /// <summary>"02:00:5e:00:53:01" (PhysicalAddress.ToString has no separators).</summary>
    public static string Mac(PhysicalAddress mac) =>
        string.Join(':', mac.GetAddressBytes().Select(b => b.ToString("x2")));

    /// <summary>ip's "dev" word: the name when known, else "if{index}" as ip prints unknown indexes.</summary>
    public static string Dev(int index, Func<int, string?>? nameOf) => nameOf?.Invoke(index) ?? $"if{index}";

    // /etc/iproute2/rt_protos names that ip prints; anything else is printed as a number.
    public static string Protocol(byte protocol) => protocol switch
    {
        0 => "unspec",
        1 => "redirect",
        2 => "kernel",
        3 => "boot",
        4 => "static",
        16 => "dhcp",
        _ => protocol.ToString(),
    };

    public static string Scope(byte scope) => scope switch
    {
        0 => "global",
        200 => "site",
        253 => "link",
        254 => "host",
        255 => "nowhere",
        _ => scope.ToString(),
    };

    public static string RouteType(byte type) => type switch
    {
        0 => "unspec",
        1 => "unicast",
        2 => "local",
        3 => "broadcast",
        4 => "anycast",
        5 => "multicast",
        6 => "blackhole",
        7 => "unreachable",
        8 => "prohibit",
        9 => "throw",
        10 => "nat",
        _ => type.ToString(),
    };

    private static readonly (ushort Bit, string Name)[] NudStates =
    [
        (0x01, "INCOMPLETE"), (0x02, "REACHABLE"), (0x04, "STALE"), (0x08, "DELAY"),
        (0x10, "PROBE"), (0x20, "FAILED"), (0x40, "NOARP"), (0x80, "PERMANENT"),
    ];

    /// <summary>NUD_* bits as ip neigh prints them ("PERMANENT", "STALE", "NONE").</summary>
    public static string NudState(ushort state)
    {
        var names = NudStates.Where(s => (state & s.Bit) != 0).Select(s => s.Name).ToArray();
        return names.Length == 0 ? "NONE" : string.Join(' ', names);
    }
}
