using YamlDotNet.RepresentationModel;

namespace VxMesh.Core.Tests.Rendering;

/// <summary>
/// Parses a multi-document YAML stream with YamlDotNet into one flat list per document of
/// "path = value" lines (keys in document order), so two streams compare by content and
/// order, whatever their spacing or quoting.
/// </summary>
public static class YamlDocuments
{
    public static IReadOnlyList<IReadOnlyList<string>> Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Select(d => (IReadOnlyList<string>)Flatten("", d.RootNode).ToList()).ToList();
    }

    /// <summary>The value at a dotted path (e.g. "metadata.name") of every document.</summary>
    public static IReadOnlyList<string> Values(string yaml, string path) =>
        Parse(yaml).Select(doc => doc.Single(l => l.StartsWith(path + " = ", StringComparison.Ordinal))[(path.Length + 3)..]).ToList();

    private static IEnumerable<string> Flatten(string path, YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children.SelectMany(kv => Flatten(Join(path, ((YamlScalarNode)kv.Key).Value!), kv.Value)),
        YamlSequenceNode seq => seq.Children.SelectMany((child, i) => Flatten(Join(path, i.ToString(System.Globalization.CultureInfo.InvariantCulture)), child)),
        YamlScalarNode scalar => [$"{path} = {scalar.Value}"],
        _ => throw new InvalidOperationException($"unexpected YAML node at {path}"),
    };

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}
