using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using VxMesh.Core.Addressing;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace VxMesh.Lab.Topology;

/// <summary>A segment as written, with where, for checks that relate it to the inventory.</summary>
internal sealed record SegmentDraft(Segment Segment, string Path, LabPos Pos);

/// <summary>The lab section's values with positions; invalid values are reported and replaced by defaults or left out.</summary>
/// <param name="SegmentsComplete">False when a segment was left out as invalid, so "node in no segment" would be a guess.</param>
internal sealed record LabDraft(IReadOnlyList<SegmentDraft> Segments, bool SegmentsComplete, int PodsPerNode, bool Ippools, bool Kubernetes);

/// <summary>
/// Reads the <c>lab:</c> mapping the inventory loader hands back unvalidated: keys, shapes and
/// single values. Unknown keys are errors, as in the inventory: a misspelt setting the user
/// believes is in effect is worse than a refusal.
/// </summary>
internal static partial class LabSectionReader
{
    private static readonly string[] LabKeys = ["segments", "podsPerNode", "ippools", "kubernetes"];
    private static readonly string[] SegmentKeys = ["name", "cidr"];

    /// <summary>`br-` + name must fit the kernel's 15-byte interface names.</summary>
    public const int MaxSegmentName = 12;

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,10}[a-z0-9])?$")]
    private static partial Regex SegmentNamePattern();

    public static LabDraft Read(YamlMappingNode lab, LabProblems problems)
    {
        var map = LabYaml.Entries(lab, "lab", LabKeys, problems);
        var segments = ReadSegments(map.GetValueOrDefault("segments"), lab, problems);
        var pods = LabSettings.DefaultPodsPerNode;
        if (map.TryGetValue("podsPerNode", out var podsNode))
        {
            pods = ReadCount(podsNode, problems) ?? pods;
        }
        var ippools = true;
        if (map.TryGetValue("ippools", out var ippoolsNode))
        {
            ippools = ReadFlag(ippoolsNode, "ippools", problems,
                "write ippools: true (remote clusters exempt from SNAT, the default) or ippools: false, without quotes") ?? ippools;
        }
        var kubernetes = false;
        if (map.TryGetValue("kubernetes", out var kubernetesNode))
        {
            kubernetes = ReadFlag(kubernetesNode, "kubernetes", problems,
                "write kubernetes: true (real control planes, kube-proxy and the lab's node agent) or kubernetes: false (the default), without quotes") ?? kubernetes;
        }
        var written = map.GetValueOrDefault("segments") is YamlSequenceNode list ? list.Children.Count : -1;
        return new LabDraft(segments, segments.Count == written, pods, ippools, kubernetes);
    }

    private static List<SegmentDraft> ReadSegments(YamlNode? node, YamlMappingNode lab, LabProblems problems)
    {
        const string example = "{name: dc1, cidr: 198.18.1.0/24}";
        var result = new List<SegmentDraft>();
        if (node is null)
        {
            problems.Add(lab, "lab.segments", "required key 'segments' is missing",
                $"list the underlay segments the nodes sit in, e.g. segments: [{example}]");
            return result;
        }
        if (node is not YamlSequenceNode { Children.Count: > 0 } list)
        {
            problems.Add(node, "lab.segments", $"'segments' must be a non-empty list, found {LabYaml.Describe(node)}",
                $"write segments: [{example}]");
            return result;
        }
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Children.Count; i++)
        {
            var path = $"lab.segments[{i}]";
            var entry = LabYaml.Entries(list.Children[i], path, SegmentKeys, problems);
            var name = ReadSegmentName(entry.GetValueOrDefault("name"), list.Children[i], path, problems);
            var cidr = ReadCidr(entry.GetValueOrDefault("cidr"), list.Children[i], path, problems);
            if (name is null || cidr is null)
            {
                continue;
            }
            if (names.TryGetValue(name, out var firstPath))
            {
                problems.Add(entry["name"], $"{path}.name", $"segment name '{name}' is already used by {firstPath}",
                    "give every segment its own name");
                continue;
            }
            names[name] = path;
            result.Add(new SegmentDraft(new Segment(name, cidr.Value), path, LabPos.Of(entry["cidr"])));
        }
        return result;
    }

    private static string? ReadSegmentName(YamlNode? node, YamlNode owner, string path, LabProblems problems)
    {
        if (node is null)
        {
            problems.Add(owner, $"{path}.name", "required key 'name' is missing", "name the segment, e.g. name: dc1");
            return null;
        }
        var text = LabYaml.Scalar(node);
        if (text is not null && SegmentNamePattern().IsMatch(text))
        {
            return text;
        }
        problems.Add(node, $"{path}.name",
            $"segment name {LabYaml.Describe(node)} is invalid: it names the fabric bridge br-NAME, so it must be 1 to {MaxSegmentName} lowercase letters, digits or '-'",
            "rename it, e.g. name: dc1");
        return null;
    }

    private static IPNetwork? ReadCidr(YamlNode? node, YamlNode owner, string path, LabProblems problems)
    {
        const string fix = "write the segment's network, e.g. cidr: 198.18.1.0/24";
        if (node is null)
        {
            problems.Add(owner, $"{path}.cidr", "required key 'cidr' is missing", fix);
            return null;
        }
        var text = LabYaml.Scalar(node) ?? "";
        if (!LabYaml.TryCidr(text, out var address, out var prefix))
        {
            problems.Add(node, $"{path}.cidr", $"{LabYaml.Describe(node)} is not an IPv4 CIDR", fix);
            return null;
        }
        var cidr = IpMath.Canonical(address, prefix);
        if (!IpMath.IsCanonical(address, prefix))
        {
            problems.Add(node, $"{path}.cidr", $"'{text}' has host bits set, so it is not a network address", $"write cidr: {cidr}");
            return null;
        }
        if (prefix is < 8 or > 29)
        {
            problems.Add(node, $"{path}.cidr", $"{text}: a segment needs a prefix length in 8..29 (a gateway, nodes, and a broadcast address)",
                "use a /24, e.g. cidr: 198.18.1.0/24");
            return null;
        }
        return cidr;
    }

    private static int? ReadCount(YamlNode node, LabProblems problems)
    {
        var text = node is YamlScalarNode { Style: ScalarStyle.Plain } s ? s.Value : null;
        if (text is not null && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            && n is >= 1 and <= LabSettings.MaxPodsPerNode)
        {
            return n;
        }
        problems.Add(node, "lab.podsPerNode", $"podsPerNode {LabYaml.Describe(node)} is not a whole number in 1..{LabSettings.MaxPodsPerNode}",
            $"write a number without quotes, e.g. podsPerNode: 2 (default {LabSettings.DefaultPodsPerNode})");
        return null;
    }

    private static bool? ReadFlag(YamlNode node, string key, LabProblems problems, string fix)
    {
        var text = node is YamlScalarNode { Style: ScalarStyle.Plain } s ? s.Value : null;
        bool? value = text switch
        {
            "true" or "True" or "TRUE" => true,
            "false" or "False" or "FALSE" => false,
            _ => null,
        };
        if (value is null)
        {
            problems.Add(node, $"lab.{key}", $"{LabYaml.Describe(node)} is not true or false", fix);
        }
        return value;
    }
}
