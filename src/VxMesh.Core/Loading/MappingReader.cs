using YamlDotNet.RepresentationModel;

namespace VxMesh.Core.Loading;

/// <summary>
/// One YAML mapping checked against the keys it may hold. Unknown keys are reported here, at
/// every level, because a silently ignored key is a setting the user believes is in effect.
/// </summary>
internal sealed class MappingReader
{
    private readonly Dictionary<string, (YamlNode Key, YamlNode Value)> entries = new(StringComparer.Ordinal);

    private MappingReader(string path, Pos pos, ProblemSink sink)
    {
        Path = path;
        Pos = pos;
        Sink = sink;
    }

    public string Path { get; }
    public Pos Pos { get; }
    public ProblemSink Sink { get; }

    /// <param name="what">What the mapping is, for the wrong-type message ("the mesh section").</param>
    /// <param name="example">A one-line example of the expected shape, for the fix.</param>
    public static MappingReader? Open(
        YamlNode node, string path, string what, string example, ProblemSink sink, IReadOnlyList<string> allowed)
    {
        var displayPath = path.Length == 0 ? "(document)" : path;
        if (node is not YamlMappingNode mapping)
        {
            sink.Add(Pos.Of(node), displayPath, $"{what} must be a mapping of keys, found {YamlText.Describe(node)}",
                $"write it as indented 'key: value' lines, e.g. {example}");
            return null;
        }
        var reader = new MappingReader(path, Pos.Of(mapping), sink);
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { Length: > 0 } name })
            {
                sink.Add(Pos.Of(key), displayPath, $"a key must be a plain name, found {YamlText.Describe(key)}",
                    $"use one of: {string.Join(", ", allowed)}");
                continue;
            }
            if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                var suggestion = KeySuggestions.Closest(name, allowed);
                var fix = suggestion is null
                    ? $"remove it; the keys allowed here are: {string.Join(", ", allowed)}"
                    : $"rename it to '{suggestion}'; keys are camelCase";
                sink.Add(Pos.Of(key), reader.PathOf(MessageText.Cut(name)), $"unknown key '{MessageText.Cut(name)}'", fix);
                continue;
            }
            reader.entries[name] = (key, value);
        }
        return reader;
    }

    public string PathOf(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public bool Has(string key) => entries.ContainsKey(key);

    /// <summary>
    /// The value of <paramref name="key"/>, or null when it is absent or written without a value.
    /// A missing required key and an empty value are reported; an empty value is never taken to
    /// mean "use the default", since e.g. an empty vtepCidr would quietly switch addressing modes.
    /// </summary>
    /// <param name="requiredFix">Null for optional keys; otherwise the fix for a missing key.</param>
    public YamlNode? Value(string key, string? requiredFix)
    {
        if (!entries.TryGetValue(key, out var entry))
        {
            if (requiredFix is not null)
            {
                Sink.Add(Pos, PathOf(key), $"required key '{key}' is missing", requiredFix);
            }
            return null;
        }
        if (YamlText.IsNull(entry.Value))
        {
            Sink.Add(Pos.Of(entry.Key), PathOf(key), $"'{key}' has no value",
                requiredFix ?? $"give '{key}' a value, or remove the line to use the default");
            return null;
        }
        return entry.Value;
    }
}
