using System.Net;
using VxMesh.Core.Addressing;

namespace VxMesh.Lab.Topology;

/// <summary>
/// The only addresses a lab may use: RFC 2544's benchmarking block and the three documentation
/// TEST-NETs. None of them is routed on the Internet or used by real networks, so a lab can
/// never shadow an address the machine actually talks to.
/// </summary>
public static class AllowedRanges
{
    public static IReadOnlyList<IPNetwork> All { get; } =
    [
        IPNetwork.Parse("198.18.0.0/15"),
        IPNetwork.Parse("192.0.2.0/24"),
        IPNetwork.Parse("198.51.100.0/24"),
        IPNetwork.Parse("203.0.113.0/24"),
    ];

    public static string Describe => "198.18.0.0/15 or a TEST-NET (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24)";

    public static bool Contains(IPAddress address) => All.Any(r => IpMath.Contains(r, address));

    public static bool Contains(IPNetwork network) => All.Any(r => IpMath.Covers(r, network));
}
