using System.Net;
using System.Text.Json.Nodes;

namespace VxMesh.Bench.DataPath.Paths;

/// <summary>
/// Parses iproute2's JSON (`ip -j`), the kernel's own word on routes and devices. Tested on
/// outputs captured from a lab, so a change in iproute2's shape shows up without root.
/// </summary>
public static class IpJson
{
    /// <summary>From `ip -j -d addr show`: the device holding <paramref name="nodeIp"/> and every device's kind ("" when plain).</summary>
    public static (string? UnderlayDevice, IReadOnlyDictionary<string, string> Kinds) ParseLinks(string json, IPAddress nodeIp)
    {
        string? underlay = null;
        var kinds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var link in Array(json))
        {
            var name = link?["ifname"]?.GetValue<string>();
            if (name is null)
            {
                continue;
            }
            kinds[name] = link!["linkinfo"]?["info_kind"]?.GetValue<string>() ?? "";
            var addresses = link["addr_info"]?.AsArray() ?? [];
            if (addresses.Any(a => a?["local"]?.GetValue<string>() is { } local && IPAddress.TryParse(local, out var ip) && ip.Equals(nodeIp)))
            {
                underlay = name;
            }
        }
        return (underlay, kinds);
    }

    /// <summary>From `ip -j route show proto 118`; host routes come without a prefix length.</summary>
    public static IReadOnlyList<AgentRoute> ParseRoutes(string json) =>
        Array(json)
            .Select(r => (Dst: r?["dst"]?.GetValue<string>(), Dev: r?["dev"]?.GetValue<string>(), Gateway: Address(r?["gateway"])))
            .Where(r => r.Dst is not null && r.Dev is not null && r.Dst != "default")
            .Select(r => new AgentRoute(Network(r.Dst!), r.Dev!, r.Gateway))
            .ToList();

    /// <summary>From `ip -j -batch -` fed one `route get DST` per line: one JSON array per line.</summary>
    public static IReadOnlyDictionary<IPAddress, RouteLookup> ParseLookups(string output)
    {
        var lookups = new Dictionary<IPAddress, RouteLookup>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            foreach (var r in Array(line))
            {
                if (Address(r?["dst"]) is { } dst && r?["dev"]?.GetValue<string>() is { } dev)
                {
                    lookups[dst] = new RouteLookup(dst, dev, Address(r["gateway"]));
                }
            }
        }
        return lookups;
    }

    private static IPNetwork Network(string text) =>
        text.Contains('/') ? IPNetwork.Parse(text) : new IPNetwork(IPAddress.Parse(text), IPAddress.Parse(text).GetAddressBytes().Length * 8);

    private static IPAddress? Address(JsonNode? node) =>
        node?.GetValue<string>() is { } text && IPAddress.TryParse(text, out var ip) ? ip : null;

    private static JsonArray Array(string json) =>
        string.IsNullOrWhiteSpace(json) ? [] : JsonNode.Parse(json) as JsonArray ?? [];
}
