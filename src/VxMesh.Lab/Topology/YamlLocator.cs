using YamlDotNet.RepresentationModel;

namespace VxMesh.Lab.Topology;

/// <summary>
/// Finds where a key path (<c>clusters[1].nodes[0].ip</c>) was written. The typed inventory
/// carries no positions, and lab checks relate lab values to inventory values, so they look
/// the inventory's side up here to point at the right line.
/// </summary>
internal sealed class YamlLocator
{
    private readonly YamlNode? root;

    private YamlLocator(YamlNode? root) => this.root = root;

    /// <summary>Only called on text the inventory loader already accepted, so it parses.</summary>
    public static YamlLocator Parse(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return new YamlLocator(stream.Documents.Count > 0 ? stream.Documents[0].RootNode : null);
    }

    /// <summary>The value node at <paramref name="path"/>, or null when it was not written.</summary>
    public YamlNode? Find(string path)
    {
        var node = root;
        foreach (var step in path.Split('.'))
        {
            var bracket = step.IndexOf('[');
            var key = bracket < 0 ? step : step[..bracket];
            node = node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;
            if (bracket >= 0)
            {
                var index = int.Parse(step[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
                node = node is YamlSequenceNode seq && index < seq.Children.Count ? seq.Children[index] : null;
            }
            if (node is null)
            {
                return null;
            }
        }
        return node;
    }

    /// <summary>The value at <paramref name="path"/>, or the closest written parent so a message still points near it.</summary>
    public LabPos Near(string path)
    {
        for (var p = path; p.Length > 0; p = Parent(p))
        {
            if (Find(p) is { } node)
            {
                return LabPos.Of(node);
            }
        }
        return new LabPos(1, 1);
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? "" : path[..cut];
    }
}
