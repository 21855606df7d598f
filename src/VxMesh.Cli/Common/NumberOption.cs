using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using VxMesh.Core.Loading;

namespace VxMesh.Cli.Common;

/// <summary>
/// Numeric flags, parsed by us: anything that is not a number in the flag's range is a parse
/// error naming the flag, the range and what was given (exit 2, like every flag error). Two
/// reasons not to leave it to System.CommandLine: a range validator that reads the value throws
/// (an unhandled exception, exit 134) when the text did not convert at all, and its conversion
/// accepts what the inventory refuses (<c>010</c>, <c>+5</c>, <c>1e3</c>). The syntax is
/// <see cref="NumberText"/>'s, the same as in inventories.
/// </summary>
public static class NumberOption
{
    /// <summary>A whole number in <paramref name="min"/>..<paramref name="max"/>, <paramref name="defaultValue"/> when absent.</summary>
    public static Option<int> Whole(string name, string description, int min, int max, int defaultValue, params string[] aliases) =>
        new(name, aliases)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result => ParseWhole(result, name, min, max) ?? defaultValue,
        };

    /// <summary>As <see cref="Whole"/>, null when absent (the verb picks a default that depends on other flags).</summary>
    public static Option<int?> OptionalWhole(string name, string description, int min, int max, params string[] aliases) =>
        new(name, aliases)
        {
            Description = description,
            CustomParser = result => ParseWhole(result, name, min, max),
        };

    /// <summary>Seconds, decimals allowed (0.5), in <paramref name="min"/>..<paramref name="max"/>.</summary>
    public static Option<double> Seconds(string name, string description, double min, double max, double defaultValue) =>
        new(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result => ParseSeconds(result, name, min, max, defaultValue) ?? defaultValue,
        };

    private static int? ParseWhole(ArgumentResult result, string name, int min, int max)
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }
        var text = result.Tokens[^1].Value;
        if (NumberText.TryWhole(text, min, max, out var value, out var problem, out var fix))
        {
            return (int)value;
        }
        result.AddError($"{name} {problem}: {fix ?? $"give a whole number in {min}..{max}"}");
        return null;
    }

    private static double? ParseSeconds(ArgumentResult result, string name, double min, double max, double example)
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }
        var text = result.Tokens[^1].Value;
        if (NumberText.TryDecimal(text, min, max, out var value, out var problem, out var fix))
        {
            return value;
        }
        var range = $"{min.ToString(CultureInfo.InvariantCulture)}..{max.ToString(CultureInfo.InvariantCulture)}";
        result.AddError($"{name} {problem}: {fix ?? $"give seconds in {range}, e.g. {name} {example.ToString(CultureInfo.InvariantCulture)}"}");
        return null;
    }
}
