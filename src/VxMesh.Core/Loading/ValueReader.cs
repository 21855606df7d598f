using YamlDotNet.RepresentationModel;

namespace VxMesh.Core.Loading;

/// <summary>
/// Typed reads of one key's value. Each read reports what is wrong at the value's own position
/// and returns null (or leaves the entry out of a list), so one bad value costs one problem.
/// </summary>
internal static class ValueReader
{
    public static Located<string>? Scalar(MappingReader map, string key, string? requiredFix, string example)
    {
        var node = map.Value(key, requiredFix);
        return node is null ? null : AsScalar(node, map.PathOf(key), key, example, map.Sink);
    }

    public static Located<T>? Value<T>(
        MappingReader map, string key, string? requiredFix, string example, ValueParser<T> parse)
    {
        var text = Scalar(map, key, requiredFix, example);
        return text is null ? null : Parse(text, parse, map.Sink);
    }

    /// <summary>
    /// Whole numbers must be plain scalars: a quoted "4789" is text in YAML, and accepting it
    /// would make the file mean different things to different YAML tools. The syntax is
    /// <see cref="NumberText"/>'s, shared with the command line (no leading zeros: YAML 1.1 reads
    /// <c>010</c> as octal 8, as IP parsers read <c>010.1.1.1</c>).
    /// </summary>
    public static Located<long>? Number(MappingReader map, string key, string what, long min, long max, string example)
    {
        var node = map.Value(key, null);
        if (node is null || AsScalar(node, map.PathOf(key), key, example, map.Sink) is not { } text)
        {
            return null;
        }
        var sink = map.Sink;
        if (YamlText.IsQuoted((YamlScalarNode)node))
        {
            sink.Add(text, $"{what} must be a number, found the quoted text \"{MessageText.Cut(text.Value)}\"", $"remove the quotes: {key}: {MessageText.Cut(text.Value)}");
            return null;
        }
        if (!NumberText.TryWhole(text.Value, min, max, out var value, out var problem, out var fix))
        {
            sink.Add(text, $"{what} {problem}", fix ?? $"use a value in {min}..{max}, e.g. {key}: {example}");
            return null;
        }
        return new Located<long>(value, text.Path, text.Pos);
    }

    public static Located<bool>? Flag(MappingReader map, string key)
    {
        var node = map.Value(key, null);
        if (node is null || AsScalar(node, map.PathOf(key), key, "true", map.Sink) is not { } text)
        {
            return null;
        }
        // YAML 1.1's yes/no/on/off are deliberately refused: they are the classic "Norway problem".
        bool? value = YamlText.IsQuoted((YamlScalarNode)node) ? null : text.Value switch
        {
            "true" or "True" or "TRUE" => true,
            "false" or "False" or "FALSE" => false,
            _ => null,
        };
        if (value is null)
        {
            map.Sink.Add(text, $"'{MessageText.Cut(text.Value)}' is not true or false", $"write {key}: true or {key}: false, without quotes");
            return null;
        }
        return new Located<bool>(value.Value, text.Path, text.Pos);
    }

    /// <summary>A list of scalars; invalid entries are reported and left out.</summary>
    /// <param name="requiredFix">Null for an optional list; otherwise the list must exist and be non-empty.</param>
    public static List<Located<T>> List<T>(
        MappingReader map, string key, string? requiredFix, string example, ValueParser<T> parse)
    {
        var result = new List<Located<T>>();
        foreach (var (item, path) in Sequence(map, key, requiredFix, example))
        {
            if (YamlText.IsNull(item))
            {
                map.Sink.Add(Pos.Of(item), path, "empty list entry", $"remove the empty '-' entry or write a value like {example}");
            }
            else if (AsScalar(item, path, key, example, map.Sink) is { } text && Parse(text, parse, map.Sink) is { } value)
            {
                result.Add(value);
            }
        }
        return result;
    }

    /// <summary>The entries of a list value with their paths (<c>key[i]</c>); reports a non-list and an empty required list.</summary>
    public static IEnumerable<(YamlNode Node, string Path)> Sequence(
        MappingReader map, string key, string? requiredFix, string example)
    {
        var node = map.Value(key, requiredFix);
        if (node is null)
        {
            return [];
        }
        var path = map.PathOf(key);
        if (node is not YamlSequenceNode sequence)
        {
            // Lists of mappings (clusters, nodes) get the example; "[oops]" would only mislead.
            var fix = node is YamlScalarNode scalar && !example.StartsWith('{')
                ? $"write it as a list: {key}: [{scalar.Value}]"
                : $"write it as a list, e.g. {key}: [{example}]";
            map.Sink.Add(Pos.Of(node), path, $"'{key}' must be a list, found {YamlText.Describe(node)}", fix);
            return [];
        }
        if (sequence.Children.Count == 0 && requiredFix is not null)
        {
            map.Sink.Add(Pos.Of(node), path, $"'{key}' must list at least one entry", requiredFix);
        }
        return sequence.Children.Select((child, i) => (child, $"{path}[{i}]")).ToArray();
    }

    private static Located<string>? AsScalar(YamlNode node, string path, string key, string example, ProblemSink sink)
    {
        if (node is YamlScalarNode scalar)
        {
            return new Located<string>(scalar.Value ?? "", path, Pos.Of(node));
        }
        sink.Add(Pos.Of(node), path, $"expected a single value, found {YamlText.Describe(node)}",
            $"write one value, e.g. {key}: {example}");
        return null;
    }

    private static Located<T>? Parse<T>(Located<string> text, ValueParser<T> parse, ProblemSink sink)
    {
        if (parse(text.Value, out var value, out var issue))
        {
            return new Located<T>(value, text.Path, text.Pos);
        }
        sink.Add(text, issue.Problem, issue.Fix);
        return null;
    }
}
