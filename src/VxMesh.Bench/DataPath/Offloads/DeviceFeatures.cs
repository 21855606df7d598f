using System.Text.Json;
using System.Text.Json.Nodes;

namespace VxMesh.Bench.DataPath.Offloads;

/// <summary>
/// One device's offload features as `ethtool --json -k DEV` prints them. Every feature has
/// `active` (what the device does now), `requested` (what was asked for; null for the aggregates
/// like tx-checksumming, which stand for several) and `fixed` (the driver will not change it).
/// Restoring works on `requested`, feature by feature: an aggregate switched back on would also
/// switch on sub-features that were off before.
/// </summary>
public sealed record DeviceFeatures(string Namespace, string Device, IReadOnlyDictionary<string, bool> Active, IReadOnlyDictionary<string, bool> Requested)
{
    /// <summary>The four this bench turns off, by the aggregate names `ethtool -K` takes and the names `-k` reports them under.</summary>
    public static IReadOnlyList<(string Switch, string Feature)> Switches { get; } =
    [
        ("tso", "tcp-segmentation-offload"),
        ("gso", "generic-segmentation-offload"),
        ("gro", "generic-receive-offload"),
        ("tx", "tx-checksumming"),
    ];

    public bool IsActive(string feature) => Active.GetValueOrDefault(feature);

    public static DeviceFeatures Parse(string ns, string device, string json)
    {
        var active = new Dictionary<string, bool>(StringComparer.Ordinal);
        var requested = new Dictionary<string, bool>(StringComparer.Ordinal);
        var root = Parse(json);
        foreach (var (name, value) in root)
        {
            if (value is not JsonObject feature)
            {
                continue;
            }
            if (feature["active"] is JsonValue a && a.TryGetValue<bool>(out var on))
            {
                active[name] = on;
            }
            // Fixed features cannot be set, so there is nothing to restore for them.
            var isFixed = feature["fixed"] is JsonValue f && f.TryGetValue<bool>(out var fix) && fix;
            if (!isFixed && feature["requested"] is JsonValue r && r.TryGetValue<bool>(out var want))
            {
                requested[name] = want;
            }
        }
        return new DeviceFeatures(ns, device, active, requested);
    }

    /// <summary>`ethtool -K DEV NAME on|off …` arguments that bring <paramref name="now"/> back to this state; empty when nothing differs.</summary>
    public IReadOnlyList<string> RestoreArguments(DeviceFeatures now) =>
        Requested.Where(r => now.Requested.TryGetValue(r.Key, out var current) && current != r.Value)
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .SelectMany(r => new[] { r.Key, r.Value ? "on" : "off" })
            .ToList();

    /// <summary>Features whose active state differs from <paramref name="other"/>'s.</summary>
    public IReadOnlyList<string> Differences(DeviceFeatures other) =>
        Active.Where(a => other.Active.TryGetValue(a.Key, out var b) && b != a.Value).Select(a => a.Key).Order(StringComparer.Ordinal).ToList();

    private static JsonObject Parse(string json)
    {
        try
        {
            return (JsonNode.Parse(json) as JsonArray)?.FirstOrDefault() as JsonObject ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
