using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace VxMesh.Core.Loading;

/// <summary>
/// Text to the single document's root node. Syntax errors and documents past the
/// <see cref="InputLimits"/> stop here (there is no tree to check after one), so this is the only
/// stage that reports at most one problem of its kind.
/// </summary>
internal static class YamlDocumentReader
{
    public const string DocumentKey = "(document)";

    public static YamlNode? Read(string text, ProblemSink sink, InputLimits limits)
    {
        if (text.Length > limits.MaxBytes)
        {
            sink.Add(new Pos(1, 1), DocumentKey, $"the document has {text.Length:N0} characters, more than the limit of {limits.MaxBytes:N0}",
                "an inventory of 10,000 nodes is about 1.5 MB: check that this is the right input");
            return null;
        }
        var stream = new YamlStream();
        var parser = new YamlBounds.DepthLimitedParser(new Parser(new StringReader(text)), limits);
        try
        {
            stream.Load(parser);
            foreach (var document in stream.Documents)
            {
                YamlBounds.Check(document.RootNode, limits);
            }
        }
        catch (YamlBoundsException e)
        {
            sink.Add(e.At, DocumentKey, e.Problem, e.Fix);
            return null;
        }
        catch (YamlException e)
        {
            var at = new Pos(checked((int)e.Start.Line), checked((int)e.Start.Column));
            var (problem, fix) = Describe(e, text, ref at);
            sink.Add(at, DocumentKey, problem, fix);
            return null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // YamlDotNet's scanner throws a bare InvalidOperationException on some unclosed flow
            // collections; the last event it produced is the best position we can give.
            var at = new Pos(Math.Max(1, checked((int)parser.LastEnd.Line)), Math.Max(1, checked((int)parser.LastEnd.Column)));
            // The exception's own text describes the parser's state, not the document: say what it means.
            sink.Add(at, DocumentKey, "YAML syntax error after this position: the document ends inside an unclosed '[', '{' or quote",
                "close the unclosed '[', '{' or quote that is still open here, and correct the YAML");
            return null;
        }
        if (stream.Documents.Count == 0 || YamlText.IsNull(stream.Documents[0].RootNode))
        {
            sink.Add(new Pos(1, 1), DocumentKey, "the inventory is empty",
                "add the mesh: and clusters: sections (see examples/seed-000.yaml)");
            return null;
        }
        foreach (var extra in stream.Documents.Skip(1))
        {
            sink.Add(Pos.Of(extra.RootNode), DocumentKey, "only one YAML document is allowed per inventory",
                "remove this '---' document or merge it into the first one");
        }
        return stream.Documents[0].RootNode;
    }

    private static (string Problem, string Fix) Describe(YamlException e, string text, ref Pos at)
    {
        var lines = text.Split('\n');
        if (e.Message.StartsWith("Duplicate key", StringComparison.Ordinal))
        {
            return ($"duplicate key '{KeyAt(lines, at)}' in one mapping", "keep only one of them");
        }
        if (e.Message.Contains("tab", StringComparison.OrdinalIgnoreCase))
        {
            // YamlDotNet points at the enclosing mapping; the offending tab is more useful.
            var line = Array.FindIndex(lines, l => l.TrimStart(' ').StartsWith('\t'));
            if (line >= 0)
            {
                at = new Pos(line + 1, lines[line].IndexOf('\t') + 1);
            }
            return ($"YAML syntax error: {e.Message}", "indent with spaces; YAML does not allow tabs for indentation");
        }
        return ($"YAML syntax error: {e.Message}", "correct the YAML at this position (check indentation, quotes and brackets)");
    }

    private static string KeyAt(string[] lines, Pos at)
    {
        if (at.Line < 1 || at.Line > lines.Length)
        {
            return "?";
        }
        var line = lines[at.Line - 1];
        var rest = at.Column >= 1 && at.Column <= line.Length ? line[(at.Column - 1)..] : line;
        return MessageText.Cut(rest.Split(':')[0].Trim());
    }
}
