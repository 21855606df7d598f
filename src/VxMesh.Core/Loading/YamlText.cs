using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace VxMesh.Core.Loading;

/// <summary>How YAML nodes read to a person, and which ones YAML means as null.</summary>
internal static class YamlText
{
    /// <summary>YAML 1.2 core-schema nulls; a quoted "" or "null" is text, not null.</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } scalar
        && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    public static bool IsQuoted(YamlScalarNode scalar) =>
        scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted;

    public static string Describe(YamlNode node) => node switch
    {
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping (key: value lines)",
        YamlScalarNode s when IsNull(s) => "nothing (an empty value)",
        YamlScalarNode s => $"'{MessageText.Cut(s.Value ?? "")}'",
        _ => "an unsupported YAML node",
    };
}
