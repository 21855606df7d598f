using System.Globalization;
using System.Net;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace VxMesh.Lab.Topology;

/// <summary>
/// YAML reading shared by the lab section's reader: key checking, strict scalars, and how
/// nodes read to a person. Same rules as the inventory's: unknown keys are errors, empty
/// values never mean "the default", quoted numbers are text.
/// </summary>
internal static class LabYaml
{
    /// <summary>The mapping's known entries; reports unknown keys and a non-mapping.</summary>
    public static Dictionary<string, YamlNode> Entries(YamlNode node, string path, string[] allowed, LabProblems problems)
    {
        var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        if (node is not YamlMappingNode map)
        {
            problems.Add(node, path, $"expected a mapping of keys, found {Describe(node)}",
                $"write it as 'key: value' lines with the keys {string.Join(", ", allowed)}");
            return result;
        }
        foreach (var (key, value) in map.Children)
        {
            var name = Scalar(key) ?? "";
            if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                var near = allowed.FirstOrDefault(a => string.Equals(a, name.Replace("_", "").Replace("-", ""), StringComparison.OrdinalIgnoreCase));
                problems.Add(key, $"{path}.{name}", $"unknown key '{name}'",
                    near is null ? $"remove it; the keys allowed here are: {string.Join(", ", allowed)}" : $"rename it to '{near}' (keys are camelCase)");
                continue;
            }
            if (IsNull(value))
            {
                problems.Add(key, $"{path}.{name}", $"'{name}' has no value", $"give '{name}' a value, or remove the line to use the default");
                continue;
            }
            result[name] = value;
        }
        return result;
    }

    /// <summary>Strict dotted-quad IPv4 address/prefix: no leading zeros, no short forms; host bits are the caller's check.</summary>
    public static bool TryCidr(string text, out IPAddress address, out int prefix)
    {
        prefix = -1;
        var parts = text.Split('/');
        if (parts.Length != 2 || !TryIPv4(parts[0], out address)
            || parts[1].Length is 0 or > 2 || !parts[1].All(char.IsAsciiDigit))
        {
            address = IPAddress.None;
            return false;
        }
        prefix = int.Parse(parts[1], CultureInfo.InvariantCulture);
        return prefix <= 32;
    }

    public static bool TryIPv4(string text, out IPAddress address)
    {
        address = IPAddress.None;
        var octets = text.Split('.');
        if (octets.Length != 4 || octets.Any(o => o.Length is 0 or > 3 || !o.All(char.IsAsciiDigit) || (o.Length > 1 && o[0] == '0'))
            || octets.Any(o => int.Parse(o, CultureInfo.InvariantCulture) > 255))
        {
            return false;
        }
        address = new IPAddress(octets.Select(o => byte.Parse(o, CultureInfo.InvariantCulture)).ToArray());
        return true;
    }

    public static string? Scalar(YamlNode node) => node is YamlScalarNode s ? s.Value : null;

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } s && s.Value is null or "" or "~" or "null";

    public static string Describe(YamlNode node) => node switch
    {
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        YamlScalarNode s when IsNull(s) => "nothing (an empty value)",
        YamlScalarNode s => $"'{s.Value}'",
        _ => "an unsupported YAML node",
    };
}
