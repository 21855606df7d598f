using System.Globalization;
using System.Text.RegularExpressions;

namespace VxMesh.Tests.Shared;

/// <summary>
/// A strict reader of the text exposition format, independent of the writer: every sample must follow
/// its family's HELP and TYPE, names and labels must be well-formed, values must be numbers, and no
/// series may appear twice. Throws with the offending line; returns the samples by series.
/// </summary>
internal static partial class ExpositionParser
{
    private static readonly string[] Types = ["counter", "gauge", "histogram", "summary", "untyped"];

    [GeneratedRegex("""^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*",?)*\})? (\S+)$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) ?(.*)$""")]
    private static partial Regex CommentLine();

    public static Dictionary<string, double> Parse(string text)
    {
        Assert.EndsWith("\n", text);
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        string? family = null;
        foreach (var line in text.TrimEnd('\n').Split('\n'))
        {
            if (CommentLine().Match(line) is { Success: true } comment)
            {
                family = comment.Groups[2].Value;
                if (comment.Groups[1].Value == "TYPE")
                {
                    Assert.Contains(comment.Groups[3].Value, Types);
                    Assert.True(types.TryAdd(family, comment.Groups[3].Value), $"TYPE twice for {family}");
                }
                continue;
            }
            var sample = SampleLine().Match(line);
            Assert.True(sample.Success, $"not a sample line: '{line}'");
            var name = sample.Groups[1].Value;
            Assert.True(family is not null && (name == family || (types.GetValueOrDefault(family) == "histogram"
                && (name == family + "_bucket" || name == family + "_sum" || name == family + "_count"))),
                $"sample '{name}' outside its family (current: {family})");
            Assert.True(types.ContainsKey(family!), $"sample of {family} before its TYPE");
            var value = sample.Groups[3].Value;
            var number = value switch
            {
                "NaN" => double.NaN,
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                _ => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
            Assert.True(samples.TryAdd(name + sample.Groups[2].Value, number), $"series twice: {line}");
        }
        return samples;
    }
}
